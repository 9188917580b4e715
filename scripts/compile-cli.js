// @ts-check
'use strict';
/**
 * The CLI as plain JavaScript in dist/cli/: each TypeScript file of scripts/ and config/ transpiled
 * on its own by esbuild (no bundling and no type check: `npm run build` runs tsc for that), in the
 * same layout, so `__dirname` finds the worker scripts beside them. The package ships dist/cli/ and
 * no TypeScript; in a clone bin/rekog-deploy.js calls ensureCompiled() so an edit is picked up on the
 * next run.
 */
const fs = require('node:fs');
const path = require('node:path');

const SOURCE_DIRS = ['scripts', 'config'];
const OUT_DIR = path.join('dist', 'cli');
/** Written last: its time is the time of the compilation every source is compared with. */
const STAMP = '.compiled';
const SELF = path.basename(__filename);

/** @param {string} root @param {string} dir */
function entriesUnder(root, dir) {
  const full = path.join(root, dir);
  return [full, ...fs.readdirSync(full, { recursive: true, encoding: 'utf8' }).map((entry) => path.join(full, entry))];
}

/** @param {string} root */
function sourceFiles(root) {
  return SOURCE_DIRS.flatMap((dir) => entriesUnder(root, dir)).filter(
    (file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts') && path.basename(file) !== SELF,
  );
}

/** Writes a file so that a process starting meanwhile reads the old one or the new one, never half of one. */
function writeWhole(/** @type {string} */ file, /** @type {Uint8Array} */ contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, contents);
  fs.renameSync(partial, file);
}

/** Thrown in a clone installed without its development dependencies: the CLI cannot be compiled. */
class NeedsEsbuild extends Error {}

/** @returns {typeof import('esbuild')} */
function esbuild() {
  try {
    return require('esbuild');
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'MODULE_NOT_FOUND') throw error;
    throw new NeedsEsbuild(
      'This clone runs its CLI compiled from scripts/ with esbuild, a development dependency that is not installed: run `npm install` (without --omit=dev), or install the package instead (README, "Install it as a package").',
    );
  }
}

/** @param {string} root the repository */
function compile(root) {
  const { buildSync } = esbuild();
  const out = path.join(root, OUT_DIR);
  const result = buildSync({
    entryPoints: sourceFiles(root),
    outdir: out,
    outbase: root,
    write: false,
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  const written = new Set(result.outputFiles.map((file) => file.path));
  for (const file of result.outputFiles) writeWhole(file.path, file.contents);
  // A source deleted since the last compilation leaves no module behind to be required by mistake.
  for (const entry of fs.existsSync(out) ? fs.readdirSync(out, { recursive: true, encoding: 'utf8' }) : []) {
    const file = path.join(out, entry);
    if (file.endsWith('.js') && !written.has(file) && fs.statSync(file).isFile()) fs.rmSync(file);
  }
  writeWhole(path.join(out, STAMP), new Uint8Array());
}

/**
 * Compiles when a source file or folder is newer than the last compilation (an edit, an added or a
 * removed file). Looking costs a few milliseconds for the ~200 entries.
 * @param {string} root
 */
function ensureCompiled(root) {
  const stamp = path.join(root, OUT_DIR, STAMP);
  const compiledAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : -1;
  const stale = compiledAt < 0 || SOURCE_DIRS.flatMap((dir) => entriesUnder(root, dir)).some((entry) => fs.statSync(entry).mtimeMs > compiledAt);
  if (stale) compile(root);
}

module.exports = { compile, ensureCompiled, NeedsEsbuild };

if (require.main === module) compile(path.join(__dirname, '..'));
