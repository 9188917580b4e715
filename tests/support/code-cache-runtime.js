// @ts-check
'use strict';
/**
 * Jest's runtime, with V8's code cache kept across the test files a worker runs. Jest compiles every
 * module again for each test file (each has its own context), and V8 does not reuse a compiled
 * function across `vm.compileFunction` calls as it does scripts, so the AWS SDK, zod and the engine
 * were compiled again for every file. The cached data is V8's own and carries no context; a module
 * whose source differs, or that uses import() (whose callback cached data does not keep), is
 * compiled as Jest does.
 */
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

/** Source and V8 data by file, for this worker's life. */
const compiled = new Map();

class CodeCacheRuntime extends Runtime {
  /** @param {ConstructorParameters<typeof Runtime>} args */
  constructor(...args) {
    super(...args);
    // jest-runtime 30 compiles CommonJS in its ModuleExecutor; another version runs as Jest made it.
    const executor = /** @type {any} */ (this).executor;
    if (typeof executor?.compile !== 'function' || !executor.environment || !executor.resolution || !executor.injectedModuleParameters) return;
    const jestCompile = executor.compile.bind(executor);
    executor.compile = (/** @type {string} */ source, /** @type {string} */ filename) => {
      const vmContext = executor.environment.getVmContext();
      if (vmContext == null || source.includes('import(') || executor.resolution.isCoreModule(filename)) return jestCompile(source, filename);
      const entry = compiled.get(filename);
      const cachedData = entry?.source === source ? entry.data : undefined;
      let fn;
      try {
        fn = vm.compileFunction(source, executor.injectedModuleParameters, { filename, parsingContext: vmContext, cachedData, produceCachedData: !cachedData });
      } catch {
        // Jest's own compile reports the syntax error its way.
        return jestCompile(source, filename);
      }
      if (!cachedData && fn.cachedDataProduced) compiled.set(filename, { source, data: fn.cachedData });
      return fn;
    };
  }
}

module.exports = CodeCacheRuntime;
