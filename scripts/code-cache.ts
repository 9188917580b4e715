/**
 * V8's code cache for every module the CLI loads, kept in one file, for Node.js versions without
 * `module.enableCompileCache` (added in 22.1). Compiling the AWS SDK's JavaScript is most of a
 * command's start; with the cache V8 deserializes the compiled code instead.
 *
 * Unlike a cache made when a module is compiled (top-level code only), this one is made when the
 * process exits, so it also holds the functions the command ran (`script.createCachedData()`):
 * https://nodejs.org/api/vm.html#scriptcreatecacheddata. It is written only after a run that
 * compiled something afresh. Each module has its own file, named by its path and holding the SHA-1
 * of its source, so an edited file is compiled again; V8 itself rejects data from another V8 version or other flags.
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does Node's own cache.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export interface CodeCacheStats {
  /** Modules whose compiled code came from the cache. */
  hits: number;
  /** Modules compiled afresh (not in the cache, edited since, or rejected by V8). */
  misses: number;
}

/** What Module.prototype._compile is given; not in @types/node, which leaves `_compile` out. */
type Compile = (this: Module, content: string, filename: string, format?: string) => unknown;
const ModuleWithInternals = Module as unknown as {
  prototype: { _compile: Compile };
  wrap(source: string): string;
  _resolveFilename(request: string, parent: Module, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: Module): string[] | null;
};

const sha1 = (text: string) => createHash('sha1').update(text).digest();
const SHA1_BYTES = 20;

/** One folder per V8 version and architecture (another Node.js finds its own), one file per module. */
export function codeCacheFolder(folder: string): string {
  return path.join(folder, `v8-${process.versions.v8}-${process.arch}`);
}

/** A module's cached code: the SHA-1 of the source it was made from, then V8's data. */
function readCached(file: string, sourceSha1: Buffer): Buffer | undefined {
  try {
    const stored = fs.readFileSync(file);
    return stored.subarray(0, SHA1_BYTES).equals(sourceSha1) ? stored.subarray(SHA1_BYTES) : undefined;
  } catch {
    return undefined;
  }
}

function writeCached(file: string, sourceSha1: Buffer, data: Buffer): void {
  try {
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, Buffer.concat([sourceSha1, data]));
    fs.renameSync(partial, file);
  } catch {
    // A read-only install: the next start compiles as usual.
  }
}

/** The `require` a CommonJS module is given, as Node's own loader makes it. */
function requireFor(module: Module): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  require.resolve = ((request: string, options?: unknown) => ModuleWithInternals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  require.resolve.paths = (request: string) => ModuleWithInternals._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.cache = (Module as unknown as { _cache: NodeJS.Require['cache'] })._cache;
  require.extensions = (Module as unknown as { _extensions: NodeJS.Require['extensions'] })._extensions;
  return require;
}

/**
 * Compiles every CommonJS module loaded from now on through the cache in `folder`. ES modules, and
 * modules that use `import()`, are left to Node (a script from cached data has no dynamic-import
 * callback).
 */
export function installCodeCache(folder: string): CodeCacheStats {
  const stats: CodeCacheStats = { hits: 0, misses: 0 };
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return stats;
  const cacheFolder = codeCacheFolder(folder);
  const cacheFile = (filename: string) => path.join(cacheFolder, sha1(filename).toString('hex'));
  const compiled: { filename: string; sourceSha1: Buffer; script: vm.Script }[] = [];
  const original = ModuleWithInternals.prototype._compile;

  ModuleWithInternals.prototype._compile = function compileWithCache(this: Module, content: string, filename: string, format?: string) {
    const commonJs = format === undefined || format === 'commonjs';
    if (!commonJs || content.includes('import(')) return original.call(this, content, filename, format);
    const sourceSha1 = sha1(content);
    const cachedData = readCached(cacheFile(filename), sourceSha1);
    let script: vm.Script;
    try {
      script = new vm.Script(ModuleWithInternals.wrap(content), { filename, cachedData });
    } catch {
      // Not CommonJS after all: an ES module required (Node tells them apart by syntax), or a real
      // syntax error, which Node's own compile reports as it always does.
      return original.call(this, content, filename, format);
    }
    if (cachedData && !script.cachedDataRejected) stats.hits += 1;
    else stats.misses += 1;
    compiled.push({ filename, sourceSha1, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };

  // Every module of the run is written again, with the functions it ran since it was compiled.
  process.once('exit', () => {
    if (!stats.misses) return;
    try {
      fs.mkdirSync(cacheFolder, { recursive: true });
    } catch {
      return;
    }
    for (const { filename, sourceSha1, script } of compiled) writeCached(cacheFile(filename), sourceSha1, script.createCachedData());
  });
  return stats;
}
