import { z } from 'zod';
import { defaults, LOG_RETENTION_DAYS, REKOGNITION_S3_MAX_BYTES } from './defaults';

/** A number setting whose every refusal says what to use instead. */
function number(min: number, max: number, { whole = true, above = false } = {}) {
  const hint = `use a ${whole ? 'whole ' : ''}number ${above ? `above ${min}, at most ${max}` : `from ${min} to ${max}`}`;
  const base = z.coerce.number({ error: hint }).max(max, hint);
  const bounded = above ? base.gt(min, hint) : base.min(min, hint);
  return whole ? bounded.int(hint) : bounded;
}
const integer = (min: number, max: number) => number(min, max);

/** Every setting, with the environment variable that sets it and a line saying what it does. */
export const settingsSchema = z.object({
  stack: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'use 1 to 20 lowercase letters, digits or hyphens, starting with a letter')
    .refine((value) => !value.endsWith('-') && !value.includes('--'), 'must not end with a hyphen or contain two in a row'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'use an AWS region code such as us-east-1'),
  profile: z.string().min(1).optional(),
  runtime: z.string().regex(/^nodejs\d+\.x$/, 'use a Lambda Node.js runtime such as nodejs22.x'),
  minConfidence: number(0, 100, { whole: false }),
  maxLabels: integer(1, 1000),
  maxUploadBytes: integer(1, REKOGNITION_S3_MAX_BYTES),
  uploadUrlExpirySeconds: integer(10, 3600),
  logRetentionDays: z.coerce
    .number({ error: `use one of ${LOG_RETENTION_DAYS.join(', ')}` })
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `use one of ${LOG_RETENTION_DAYS.join(', ')}`),
  dataExpiryDays: integer(1, 3650),
  apiRateLimit: number(0, 10000, { whole: false, above: true }),
  apiBurstLimit: integer(1, 5000),
  dailyUploadLimit: integer(0, 1_000_000),
  processConcurrency: integer(0, 1000),
  notificationEmail: z.email('use an e-mail address such as you@example.com').optional(),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingName = keyof Settings;

/** Where each setting comes from in the environment (and `.env`), and what it means. */
export const settingSources: Record<SettingName, { env: string; flag?: string; help: string }> = {
  stack: { env: 'REKOG_STACK', flag: '--stack', help: 'name of the stack; every resource name starts with it' },
  region: { env: 'AWS_REGION', flag: '--region', help: 'AWS region (default: the SDK chain, else us-east-1)' },
  profile: { env: 'AWS_PROFILE', flag: '--profile', help: 'named profile from ~/.aws/config' },
  runtime: { env: 'REKOG_RUNTIME', help: 'Lambda runtime of the three functions' },
  minConfidence: { env: 'REKOG_MIN_CONFIDENCE', help: 'labels below this confidence (0-100) are dropped' },
  maxLabels: { env: 'REKOG_MAX_LABELS', help: 'at most this many labels per image' },
  maxUploadBytes: { env: 'REKOG_MAX_UPLOAD_BYTES', help: 'largest upload accepted, in bytes (at most 15 MB)' },
  uploadUrlExpirySeconds: { env: 'REKOG_UPLOAD_URL_EXPIRY_SECONDS', help: 'how long an upload URL stays valid' },
  logRetentionDays: { env: 'REKOG_LOG_RETENTION_DAYS', help: 'days CloudWatch keeps function logs' },
  dataExpiryDays: { env: 'REKOG_DATA_EXPIRY_DAYS', help: 'days before uploads and results expire' },
  apiRateLimit: { env: 'REKOG_API_RATE_LIMIT', help: 'API requests per second, steady state' },
  apiBurstLimit: { env: 'REKOG_API_BURST_LIMIT', help: 'API requests allowed in a burst' },
  dailyUploadLimit: { env: 'REKOG_DAILY_UPLOAD_LIMIT', help: 'upload URLs issued per UTC day at most (0: no limit)' },
  processConcurrency: { env: 'REKOG_PROCESS_CONCURRENCY', help: 'concurrency reserved for (and capping) the analysis function (0: none reserved)' },
  notificationEmail: { env: 'REKOG_NOTIFICATION_EMAIL', flag: '--email', help: 'e-mail address that receives a summary of every image' },
};

export const settingDefaults: Omit<Settings, 'region' | 'profile' | 'notificationEmail'> = {
  stack: defaults.stack,
  runtime: defaults.runtime,
  minConfidence: defaults.minConfidence,
  maxLabels: defaults.maxLabels,
  maxUploadBytes: defaults.maxUploadBytes,
  uploadUrlExpirySeconds: defaults.uploadUrlExpirySeconds,
  logRetentionDays: defaults.logRetentionDays,
  dataExpiryDays: defaults.dataExpiryDays,
  apiRateLimit: defaults.apiRateLimit,
  apiBurstLimit: defaults.apiBurstLimit,
  dailyUploadLimit: defaults.dailyUploadLimit,
  processConcurrency: defaults.processConcurrency,
};
