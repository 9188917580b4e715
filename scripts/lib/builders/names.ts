/**
 * scripts/lib/builders: pure functions of the settings that say what `up` wants, tested without
 * mocks or network: names, tags, ARNs, IAM policies, bucket configuration, the API definition,
 * alarms, the functions' environment and limits, the table definition, the outputs. No SDK calls,
 * no Context, no files.
 */
/** The three handlers, by the file name they have in functions/. */
export const FUNCTION_KEYS = ['generate-upload-url', 'process-image-upload', 'detect-labels'] as const;
export type FunctionKey = (typeof FUNCTION_KEYS)[number];

export const UPLOAD_PREFIX = 'uploads/';
export const STAGE_NAME = 'prod';

export interface Names {
  stack: string;
  uploadBucket: string;
  siteBucket: string;
  table: string;
  topic: string;
  /** Where Lambda leaves an upload's event when every attempt to analyse it failed. */
  failedUploadsQueue: string;
  api: string;
  functions: Record<FunctionKey, string>;
  roles: Record<FunctionKey, string>;
  logGroups: Record<FunctionKey, string>;
  rolePolicy: string;
}

/** One value for each function. */
export function perFunction<T>(make: (key: FunctionKey) => T): Record<FunctionKey, T> {
  return Object.fromEntries(FUNCTION_KEYS.map((key) => [key, make(key)])) as Record<FunctionKey, T>;
}

/**
 * Every name derives from the stack; bucket names also carry the account and region because they
 * are global across all of AWS. There is no state file: these names are how resources are found.
 */
export function buildNames(stack: string, accountId: string, region: string): Names {
  const functions = perFunction((key) => `${stack}-${key}`);
  return {
    stack,
    uploadBucket: `${stack}-uploads-${accountId}-${region}`,
    siteBucket: `${stack}-site-${accountId}-${region}`,
    table: `${stack}-results`,
    topic: `${stack}-notifications`,
    failedUploadsQueue: `${stack}-failed-uploads`,
    api: `${stack}-api`,
    functions,
    roles: perFunction((key) => `${stack}-${key}-role`),
    logGroups: perFunction((key) => `/aws/lambda/${functions[key]}`),
    rolePolicy: 'least-privilege',
  };
}
