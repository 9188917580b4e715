import * as z from 'zod/mini';
import { REKOGNITION_S3_MAX_BYTES } from '../../config/defaults';

// The contract between the deploy and the handlers: the variables each function receives. The
// deploy builds them in scripts/lib/builders/function-environment.ts, typed by FunctionEnvironments.

// zod/mini keeps each bundle a few kilobytes (zod's full build adds about 450 kB); it has no
// built-in messages, so every check names its own.
const name = z.string('must be set').check(z.minLength(1, 'must be set'));
const url = z.url('must be a URL such as https://example.com/');
const number = (min: number, max: number) =>
  z.coerce.number('must be a number').check(z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`));
const integer = (min: number, max: number) => number(min, max).check(z.refine(Number.isInteger, 'must be a whole number'));
const origin = url.check(z.refine((value) => new URL(value).origin === value, 'must be an origin such as https://example.com, with no path'));

const common = {
  UPLOAD_BUCKET: name,
  TABLE_NAME: name,
  SITE_ORIGIN: origin,
};
const maxUploadBytes = integer(1, REKOGNITION_S3_MAX_BYTES);
const dataExpiryDays = integer(1, 3650);

export const generateUploadUrlEnvSchema = z.object({
  ...common,
  MAX_UPLOAD_BYTES: maxUploadBytes,
  UPLOAD_URL_EXPIRY_SECONDS: integer(1, 7 * 24 * 3600),
  DATA_EXPIRY_DAYS: dataExpiryDays,
  /** Upload URLs issued per UTC day at most; 0: no limit. */
  DAILY_UPLOAD_LIMIT: integer(0, 1_000_000),
  /** Seconds after its URL by which an image has an outcome, or is answered as failed. */
  PROCESSING_DEADLINE_SECONDS: integer(1, 24 * 3600),
  /** Names the stack in the metric of the day's uploads. */
  STACK_NAME: name,
});

export const processImageUploadEnvSchema = z.object({
  ...common,
  TOPIC_ARN: z.string('must be set').check(z.startsWith('arn:', 'must be an SNS topic ARN')),
  SITE_URL: url,
  MIN_CONFIDENCE: number(0, 100),
  MAX_LABELS: integer(1, 1000),
  MAX_UPLOAD_BYTES: maxUploadBytes,
  DATA_EXPIRY_DAYS: dataExpiryDays,
});

export const detectLabelsEnvSchema = z.object(common);

export type GenerateUploadUrlEnv = z.infer<typeof generateUploadUrlEnvSchema>;
export type ProcessImageUploadEnv = z.infer<typeof processImageUploadEnvSchema>;
export type DetectLabelsEnv = z.infer<typeof detectLabelsEnvSchema>;

/** Each function's parsed environment, by the function's file name. */
export interface FunctionEnvironments {
  'generate-upload-url': GenerateUploadUrlEnv;
  'process-image-upload': ProcessImageUploadEnv;
  'detect-labels': DetectLabelsEnv;
}

/** What Lambda holds for a function: every variable its schema names, as a string, and nothing else. */
export type EnvironmentVariables<Key extends keyof FunctionEnvironments> = { [Name in keyof FunctionEnvironments[Key]]-?: string };

/** Parses a function's environment, or throws one error that names every variable to fix. */
export function parseEnvironment<Schema extends z.ZodMiniType>(schema: Schema, env: NodeJS.ProcessEnv = process.env): z.infer<Schema> {
  const result = z.safeParse(schema, env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  throw new Error(`The function's environment is invalid: ${problems.join('; ')}`);
}
