import { arns, type ArnScope } from './arns';
import { FUNCTION_KEYS, type FunctionKey, type Names } from './names';

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

export interface StackDescription {
  settings: { stack: string; region: string };
  names: Names;
  scope: ArnScope;
}

/** `siteUrl` and `apiUrl` are absent when the stack has no distribution or API (yet). */
export function stackOutputs(ctx: StackDescription, urls: { siteUrl?: string; apiUrl?: string }): StackOutputs {
  return {
    stack: ctx.settings.stack,
    region: ctx.settings.region,
    siteUrl: urls.siteUrl ?? null,
    apiUrl: urls.apiUrl ?? null,
    uploadBucket: ctx.names.uploadBucket,
    siteBucket: ctx.names.siteBucket,
    table: ctx.names.table,
    topicArn: arns.topic(ctx.scope, ctx.names.topic),
    functions: Object.fromEntries(FUNCTION_KEYS.map((key) => [key, ctx.names.functions[key]])) as Record<FunctionKey, string>,
  };
}
