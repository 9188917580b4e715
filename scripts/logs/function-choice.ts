import { SettingsError } from '../../config/load';
import { FUNCTION_KEYS, type FunctionKey, type Names } from '../lib/builders/names';

/** The short names `logs` accepts, besides the function's key and its full name. */
export const FUNCTION_ALIASES: Record<string, FunctionKey> = {
  'upload-url': 'generate-upload-url',
  process: 'process-image-upload',
  'detect-labels': 'detect-labels',
};

/** `process`, `process-image-upload` and `rekog-process-image-upload` all name the same function. */
export function resolveFunction(choice: string, names: Names): FunctionKey {
  const wanted = choice.trim();
  const alias = FUNCTION_ALIASES[wanted];
  if (alias) return alias;
  const key = FUNCTION_KEYS.find((candidate) => candidate === wanted || names.functions[candidate] === wanted);
  if (key) return key;
  const choices = Object.keys(FUNCTION_ALIASES).join(', ');
  throw new SettingsError(
    `Unknown function "${choice}": use one of ${choices} (or the full name, such as ${names.functions['process-image-upload']}).`,
  );
}
