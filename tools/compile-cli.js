// @ts-check
'use strict';
/**
 * The CLI as plain JavaScript in dist/cli/: every TypeScript file of scripts/ and config/
 * transpiled one for one by esbuild (no bundling, no type check: `npm run build` runs tsc for
 * that). bin/rekog-deploy.js calls ensureCompiled() in a clone, so an edit is picked up on the
 * next run; the published package ships dist/cli/ and has no TypeScript at all.
 */
const fs = require('node:fs');
const path = require('node:path');

const SOURCE_DIRS = ['scripts', 'config'];
const OUT_DIR = path.join('dist', 'cli');
const STAMP = '.compiled';

/** @param {string} dir @returns {string[]} */
function sourceFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => path.join(dir, file));
}

/** @param {string} root */
function compile(root) {
  const { buildSync } = require('esbuild');
  const out = path.join(root, OUT_DIR);
  fs.rmSync(out, { recursive: true, force: true });
  buildSync({
    entryPoints: SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(root, dir))),
    outdir: out,
    outbase: root,
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  fs.writeFileSync(path.join(out, STAMP), '');
}

/** Compiles when any source is newer than the last compilation, or was added or removed since. */
function ensureCompiled(root = path.join(__dirname, '..')) {
  const stamp = path.join(root, OUT_DIR, STAMP);
  const compiledAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const dirs = SOURCE_DIRS.map((dir) => path.join(root, dir));
  const stale = dirs.some((dir) => fs.statSync(dir).mtimeMs > compiledAt) ||
    dirs.flatMap((dir) => [dir, ...fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => path.join(dir, file))]).some((file) => fs.statSync(file).mtimeMs > compiledAt);
  if (stale) compile(root);
}

module.exports = { compile, ensureCompiled };

if (require.main === module) compile(path.join(__dirname, '..'));
