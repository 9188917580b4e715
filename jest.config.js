/** @type {import('jest').Config} */
module.exports = {
  transform: { '^.+\\.tsx?$': '<rootDir>/tests/support/esbuild-transform.js' },
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/tests/setup-env.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.e2e\\.test\\.ts$', '/tests/package/'],
  testSequencer: '<rootDir>/tests/support/slow-first-sequencer.js',
  // Compiled modules kept across the test files of a worker (a third of the CPU of a unit run).
  runtime: '<rootDir>/tests/support/code-cache-runtime.js',
  // One worker per core. Jest's default keeps a core free, which on a 2-core machine runs every
  // file one after another; much of a suite's time is spent waiting on moto, a local cloud or a
  // child process, and the other worker uses it.
  maxWorkers: '100%',
};
