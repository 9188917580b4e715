/**
 * Browser tests: the local cloud in headless Chromium (`npm run test:e2e`). Each file starts its own
 * local cloud and browser, so files run one after another to keep a 2-core machine from timing out.
 * @type {import('jest').Config}
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  setupFiles: ['<rootDir>/tests/setup-env.ts'],
  maxWorkers: 1,
  testTimeout: 60_000,
  slowTestThreshold: 30,
};
