const Sequencer = require('@jest/test-sequencer').default;
const path = require('node:path');

/**
 * Roughly how many seconds each long suite takes in a whole `npm test` (an emulator, the model,
 * thousands of runs, waits). Jest starts the suites that took longest in its last run first, so
 * that no worker is left finishing a long one alone; on a fresh machine (CI) it has no last run and
 * goes by file size, which puts these last. They start first, longest first; the others follow by
 * size.
 */
const SECONDS = {
  'tests/scripts/whole-run/interrupted.test.ts': 50,
  'tests/scripts/whole-run/moto-iam.test.ts': 44,
  'tests/local/fuzz.test.ts': 22,
  'tests/scripts/whole-run/moto.test.ts': 12,
  'tests/local/label-detector.test.ts': 12,
  'tests/local/crash-restart.test.ts': 10,
  'tests/local/redelivery.test.ts': 8,
  'tests/support/moto.test.ts': 7,
  'tests/local/image-bombs.test.ts': 6,
  'tests/local/hostile-requests.test.ts': 6,
};

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const seconds = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached / 1000;
      return SECONDS[path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/')] ?? 0;
    };
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    const failed = (test) => (this.hasFailed(test) ? 1 : 0);
    return [...tests].sort((a, b) => failed(b) - failed(a) || seconds(b) - seconds(a) || size(b) - size(a));
  }
}

module.exports = SlowFirstSequencer;
