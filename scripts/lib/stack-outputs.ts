import type { Context } from './context';
import { FUNCTION_KEYS, type FunctionKey } from './names';
import { arns } from './arns';

/** What `outputs --json` prints, for AWS and for the local cloud alike. */
export interface StackOutputs {
  stack: string;
  region: string;
  siteUrl: string | null;
  apiUrl: string | null;
  uploadBucket: string;
  siteBucket: string;
  table: string;
  topicArn: string;
  functions: Record<FunctionKey, string>;
}

export function stackOutputs(ctx: Pick<Context, 'settings' | 'names' | 'scope' | 'site'>, apiUrl: string | undefined): StackOutputs {
  return {
    stack: ctx.settings.stack,
    region: ctx.settings.region,
    siteUrl: apiUrl ? ctx.site.url : null,
    apiUrl: apiUrl ?? null,
    uploadBucket: ctx.names.uploadBucket,
    siteBucket: ctx.names.siteBucket,
    table: ctx.names.table,
    topicArn: arns.topic(ctx.scope, ctx.names.topic),
    functions: Object.fromEntries(FUNCTION_KEYS.map((key) => [key, ctx.names.functions[key]])) as Record<FunctionKey, string>,
  };
}

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
