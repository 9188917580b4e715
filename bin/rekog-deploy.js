#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const path = require('node:path');

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

// The CLI runs as compiled JavaScript (dist/cli). The package ships it; in a clone, where the
// TypeScript sources are, it is compiled again whenever a source is newer than it.
const root = path.join(__dirname, '..');
if (fs.existsSync(path.join(root, 'scripts', 'cli.ts'))) {
  const { ensureCompiled, NeedsEsbuild } = require('../scripts/compile-cli.js');
  try {
    ensureCompiled(root);
  } catch (error) {
    if (!(error instanceof NeedsEsbuild)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
}

// Later starts skip compiling the AWS SDK: Node.js 22.1+ keeps compiled code on disk itself
// (https://nodejs.org/api/module.html#moduleenablecompilecachecachedir); before it, code-cache.js does.
const nodeModule = require('node:module');
if (nodeModule.enableCompileCache) nodeModule.enableCompileCache();
else require('../dist/cli/scripts/code-cache.js').installCodeCache(path.join(root, 'dist', 'cli', '.code-cache'));
require('../dist/cli/scripts/cli.js').main();
