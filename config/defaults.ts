export const MEBIBYTE = 1024 * 1024;

export const defaults = {
  stack: 'rekog',
  region: 'us-east-1',
  runtime: 'nodejs22.x',
  minConfidence: 70,
  maxLabels: 10,
  maxUploadBytes: 10 * MEBIBYTE,
  uploadUrlExpirySeconds: 60,
  logRetentionDays: 14,
  dataExpiryDays: 30,
  apiRateLimit: 10,
  apiBurstLimit: 20,
  dailyUploadLimit: 500,
  processConcurrency: 5,
} as const;

// Rekognition reads at most 15 MB from S3: https://docs.aws.amazon.com/rekognition/latest/dg/limits.html
export const REKOGNITION_S3_MAX_BYTES = 15 * 1000 * 1000;

// The only values CloudWatch Logs accepts for retentionInDays (PutRetentionPolicy).
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
