/**
 * The package as users install it (`npm run test:package`, in CI): packs, installs the tarball into
 * an empty folder and runs the CLI from there. Minutes, not seconds, so not part of `npm test`.
 * @type {import('jest').Config}
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/package'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/tests/setup-env.ts'],
  maxWorkers: 1,
  testTimeout: 180_000,
};
