import { parseEnvironment, detectLabelsEnvSchema, generateUploadUrlEnvSchema, processImageUploadEnvSchema } from '../../../functions/shared/env';

export const SITE_ORIGIN = 'https://site.example.com';
export const UPLOAD_BUCKET = 'rekog-uploads-123456789012-us-east-1';
export const TABLE_NAME = 'rekog-results';
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:rekog-notifications';

const common = { UPLOAD_BUCKET, TABLE_NAME, SITE_ORIGIN };

/** Each function's environment as scripts/lib/function-environment.ts builds it: all strings. */
export const rawEnvironments = {
  'generate-upload-url': { ...common, MAX_UPLOAD_BYTES: '10485760', UPLOAD_URL_EXPIRY_SECONDS: '300', DATA_EXPIRY_DAYS: '30' },
  'process-image-upload': {
    ...common,
    TOPIC_ARN,
    SITE_URL: `${SITE_ORIGIN}/`,
    MIN_CONFIDENCE: '70',
    MAX_LABELS: '10',
    MAX_UPLOAD_BYTES: '10485760',
    DATA_EXPIRY_DAYS: '30',
  },
  'detect-labels': common,
};

export const environments = {
  'generate-upload-url': parseEnvironment(generateUploadUrlEnvSchema, rawEnvironments['generate-upload-url']),
  'process-image-upload': parseEnvironment(processImageUploadEnvSchema, rawEnvironments['process-image-upload']),
  'detect-labels': parseEnvironment(detectLabelsEnvSchema, rawEnvironments['detect-labels']),
};
