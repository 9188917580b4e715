#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so a clone works after `npm install` with no build step.
require('tsx/cjs');
require('../scripts/cli.ts');
