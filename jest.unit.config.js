/**
 * `npm run test:unit`: the tests that start no server, emulator, browser or subprocess, for the
 * edit-test loop. `npm test` (what CI runs) runs these and all the others.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    '/tests/local/',
    '/tests/integration/',
    '/tests/scripts/whole-run/',
    '/tests/scripts/cli-process\\.test\\.ts$',
    '/tests/scripts/code-cache\\.test\\.ts$',
    '/tests/scripts/lib/build/zip\\.test\\.ts$',
    '/tests/scripts/lib/engine/clients\\.test\\.ts$',
    '/tests/support/moto\\.test\\.ts$',
  ],
};
