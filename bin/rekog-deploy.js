#!/usr/bin/env node
// The SDK warns on every run under Node 20 that releases after January 2027 need Node 22;
// the README says so once instead. Set the variable to "false" to see the warning.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// `rekog-deploy status | head`: a reader that stops early is not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}
// Runs the TypeScript CLI through tsx, so a clone works after `npm install` with no build step.
require('tsx/cjs');
require('../scripts/cli.ts').main();
