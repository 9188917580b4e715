import { FUNCTION_KEYS } from '../lib/builders/names';
import type { StackOutputs } from '../lib/builders/stack-outputs';

/** The stack's outputs for a person, one per line. */
export function formatOutputs(outputs: StackOutputs): string[] {
  return [
    `  site           ${outputs.siteUrl ?? '(not deployed)'}`,
    `  api            ${outputs.apiUrl ?? '(not deployed)'}`,
    `  upload bucket  ${outputs.uploadBucket}`,
    `  site bucket    ${outputs.siteBucket}`,
    `  table          ${outputs.table}`,
    `  topic          ${outputs.topicArn}`,
    ...FUNCTION_KEYS.map((key, index) => `  ${index === 0 ? 'functions' : '         '}      ${outputs.functions[key]}`),
  ];
}
