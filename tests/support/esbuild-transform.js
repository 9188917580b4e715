const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const tsJest = require('ts-jest').default;

/**
 * Jest's transform for TypeScript: esbuild strips the types (nothing is type-checked here, as with
 * ts-jest and isolatedModules; `npm run build` and the linter check types). On a fresh machine,
 * ts-jest spent over ten seconds of CPU turning the tests and the code they load into JavaScript;
 * esbuild takes well under one. Files that call jest.mock() still go through ts-jest, which hoists
 * those calls above the imports (esbuild keeps statements in order).
 */
const compilerOptions = JSON.parse(readFileSync(path.join(__dirname, '../../tsconfig.json'), 'utf8')).compilerOptions;
const MOCKS_MODULES = /\bjest\s*\.\s*(mock|unmock|deepUnmock|enableAutomock|disableAutomock)\s*\(/;
const digest = createHash('sha256').update(readFileSync(path.join(__dirname, 'esbuild-transform.js'))).update(esbuild.version).update(JSON.stringify(compilerOptions)).digest('hex');

function createTransformer() {
  const hoisting = tsJest.createTransformer();
  return {
    canInstrument: false,
    getCacheKey(sourceText, sourcePath, options) {
      if (MOCKS_MODULES.test(sourceText)) return `ts-jest:${hoisting.getCacheKey(sourceText, sourcePath, options)}`;
      return createHash('sha256').update(digest).update(sourcePath).update('\0').update(sourceText).digest('hex');
    },
    process(sourceText, sourcePath, options) {
      if (MOCKS_MODULES.test(sourceText)) return hoisting.process(sourceText, sourcePath, options);
      const { code, map } = esbuild.transformSync(sourceText, {
        loader: sourcePath.endsWith('.tsx') ? 'tsx' : 'ts',
        format: 'cjs',
        target: 'node20',
        // As tsc emits for CommonJS: import() becomes require(), which jest's module registry sees.
        supported: { 'dynamic-import': false },
        banner: '"use strict";',
        sourcefile: sourcePath,
        sourcemap: 'external',
        sourcesContent: false,
        tsconfigRaw: { compilerOptions },
      });
      return { code, map };
    },
  };
}

module.exports = { createTransformer };
