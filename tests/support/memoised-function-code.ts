import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as FunctionCodeModule from '../../scripts/lib/build/function-code';

/**
 * scripts/lib/function-code with bundles built once per handler source: bundling is the slow part
 * of a run and has tests of its own. Use as
 * `jest.mock('<path>/scripts/lib/function-code', () => require('<path>/tests/support/memoised-function-code').memoisedFunctionCode())`.
 */
export function memoisedFunctionCode(): typeof FunctionCodeModule {
  const actual = jest.requireActual<typeof FunctionCodeModule>('../../scripts/lib/build/function-code');
  const built = new Map<string, ReturnType<typeof actual.buildFunctionCode>>();
  return {
    ...actual,
    buildFunctionCode: (paths, key) => {
      const id = readFileSync(path.join(paths.functions, `${key}.ts`), 'utf8');
      if (!built.has(id)) built.set(id, actual.buildFunctionCode(paths, key));
      return built.get(id) as ReturnType<typeof actual.buildFunctionCode>;
    },
  };
}
