import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';

/**
 * Each run is a process of its own: the cache replaces how every later module is compiled and is
 * written when the process exits. The module under test is compiled from its source here.
 */
function sandbox() {
  const root = mkdtempSync(path.join(tmpdir(), 'rekog-code-cache-'));
  const source = readFileSync(path.join(__dirname, '..', '..', 'scripts', 'code-cache.ts'), 'utf8');
  writeFileSync(path.join(root, 'code-cache.js'), transformSync(source, { loader: 'ts', format: 'cjs', platform: 'node', target: 'node20' }).code);
  const app = path.join(root, 'app');
  mkdirSync(path.join(app, 'lib'), { recursive: true });
  writeFileSync(path.join(app, 'lib', 'answer.js'), 'module.exports = { answer: 41 };\n');
  writeFileSync(
    path.join(app, 'main.js'),
    [
      "const { answer } = require('./lib/answer');",
      "const here = require('node:path').relative(__dirname, require.resolve('./lib/answer'));",
      'const lookup = require.resolve.paths("anything")[0] === require("node:path").join(__dirname, "node_modules");',
      'module.exports = { answer, here, file: require("node:path").basename(__filename), cached: require.cache[__filename] === module, lookup };',
    ].join('\n'),
  );
  const cache = path.join(root, 'cache');
  const run = (env: NodeJS.ProcessEnv = {}, folder = cache) => {
    const script = `
      const stats = require(${JSON.stringify(path.join(root, 'code-cache.js'))}).installCodeCache(${JSON.stringify(folder)});
      const result = require(${JSON.stringify(path.join(app, 'main.js'))});
      console.log(JSON.stringify({ result, stats }));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', ...env } });
    expect(child.stderr).toBe('');
    return JSON.parse(child.stdout) as { result: { answer: number; here: string; file: string; cached: boolean; lookup: boolean }; stats: { hits: number; misses: number } };
  };
  // One folder per V8 version, one file per module.
  const cachedFiles = () => readdirSync(cache).flatMap((folder) => readdirSync(path.join(cache, folder)));
  return { app, cache, run, cachedFiles };
}

describe('the code cache of the CLI (Node.js before 22.1)', () => {
  test('a module behaves as Node loads it; the next start takes its compiled code from the cache', () => {
    const { run, cachedFiles } = sandbox();
    const first = run();
    expect(first.result).toEqual({ answer: 41, here: path.join('lib', 'answer.js'), file: 'main.js', cached: true, lookup: true });
    expect(first.stats).toEqual({ hits: 0, misses: 2 });
    expect(cachedFiles()).toHaveLength(2);

    const second = run();
    expect(second.result).toEqual(first.result);
    expect(second.stats).toEqual({ hits: 2, misses: 0 });
  });

  test('an edited module is compiled afresh, even one of the same length', () => {
    const { app, run } = sandbox();
    run();
    writeFileSync(path.join(app, 'lib', 'answer.js'), 'module.exports = { answer: 42 };\n');
    const edited = run();
    expect(edited.result.answer).toBe(42);
    expect(edited.stats).toEqual({ hits: 1, misses: 1 });
    expect(run().stats).toEqual({ hits: 2, misses: 0 });
  });

  test('a cache file V8 will not take (cut short, another build) is compiled afresh and written again', () => {
    const { cache, run } = sandbox();
    run();
    const [folder] = readdirSync(cache);
    for (const file of readdirSync(path.join(cache, folder))) {
      const stored = readFileSync(path.join(cache, folder, file));
      // The source's SHA-1 kept, V8's data cut to a third.
      writeFileSync(path.join(cache, folder, file), stored.subarray(0, 20 + Math.floor((stored.length - 20) / 3)));
    }
    const damaged = run();
    expect(damaged.result.answer).toBe(41);
    expect(damaged.stats).toEqual({ hits: 0, misses: 2 });
    expect(run().stats).toEqual({ hits: 2, misses: 0 });
  });

  test('a module that uses import(), and an ES module required, are left to Node', () => {
    const { app, run } = sandbox();
    writeFileSync(path.join(app, 'lib', 'answer.js'), "module.exports = { answer: require('./forty.mjs').default + require('./one.js').one, later: () => import('node:os') };\n");
    writeFileSync(path.join(app, 'lib', 'forty.mjs'), 'export default 40;\n');
    // ES module syntax in a .js file of a package with no "type": Node finds out by parsing it.
    writeFileSync(path.join(app, 'lib', 'one.js'), 'export const one = 1;\n');
    expect(run().result.answer).toBe(41);
    const second = run();
    expect(second.result.answer).toBe(41);
    expect(second.stats).toEqual({ hits: 1, misses: 0 });
  });

  test('NODE_DISABLE_COMPILE_CACHE turns it off, and a folder that cannot be written is no error', () => {
    const { cache, run, cachedFiles } = sandbox();
    expect(run({ NODE_DISABLE_COMPILE_CACHE: '1' }).stats).toEqual({ hits: 0, misses: 0 });
    expect(() => cachedFiles()).toThrow(/ENOENT/);

    mkdirSync(cache);
    writeFileSync(path.join(cache, 'not-a-folder'), '');
    const unwritable = run({}, path.join(cache, 'not-a-folder'));
    expect(unwritable.result.answer).toBe(41);
    expect(run({}, path.join(cache, 'not-a-folder')).stats).toEqual({ hits: 0, misses: 2 });
  });
});
