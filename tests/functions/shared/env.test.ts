import { generateUploadUrlEnvSchema, parseEnvironment, processImageUploadEnvSchema } from '../../../functions/shared/env';
import { rawEnvironments } from '../support/environments';

describe('the function environment', () => {
  test('turns the strings Lambda passes into numbers', () => {
    const env = parseEnvironment(processImageUploadEnvSchema, rawEnvironments['process-image-upload']);

    expect(env).toMatchObject({ MIN_CONFIDENCE: 70, MAX_LABELS: 10, MAX_UPLOAD_BYTES: 10485760, DATA_EXPIRY_DAYS: 30 });
  });

  test('names every variable to fix', () => {
    const broken = { ...rawEnvironments['generate-upload-url'], TABLE_NAME: undefined, MAX_UPLOAD_BYTES: '20000000', SITE_ORIGIN: 'https://site.example.com/index.html' };

    expect(() => parseEnvironment(generateUploadUrlEnvSchema, broken)).toThrow(/TABLE_NAME.*SITE_ORIGIN.*MAX_UPLOAD_BYTES|TABLE_NAME.*MAX_UPLOAD_BYTES.*SITE_ORIGIN/);
  });

  test('refuses an upload limit above what Rekognition reads from S3 (15 MB)', () => {
    const env = { ...rawEnvironments['generate-upload-url'], MAX_UPLOAD_BYTES: '15000001' };

    expect(() => parseEnvironment(generateUploadUrlEnvSchema, env)).toThrow(/MAX_UPLOAD_BYTES/);
  });
});
