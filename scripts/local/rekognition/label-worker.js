// @ts-check
'use strict';
// The entry of the worker thread that decodes images and runs the model (label-worker-thread.ts).
// A worker thread is a fresh Node.js instance: beside the compiled CLI (dist/cli) it loads the
// compiled thread; beside the TypeScript sources (tests under ts-jest) it loads them through tsx.
const { existsSync } = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, 'label-worker-thread.js');
if (existsSync(compiled)) {
  require(compiled);
} else {
  require('tsx/cjs');
  require('./label-worker-thread.ts');
}
