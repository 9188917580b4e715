import { functionEnvironment } from '../../../../scripts/lib/builders/function-environment';
import { detectLabelsEnvSchema, generateUploadUrlEnvSchema, parseEnvironment, processImageUploadEnvSchema } from '../../../../functions/shared/env';
import { buildNames, FUNCTION_KEYS } from '../../../../scripts/lib/builders/names';
import { testSettings } from '../../../support/context';

const scope = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const names = buildNames('demo', scope.accountId, scope.region);

describe('function environment', () => {
  const inputs = { settings: testSettings(), names, topicArn: 'arn:aws:sns:eu-west-1:111122223333:demo-notifications', site: { url: 'http://s/', origin: 'http://s' } };

  test('each function gets only the settings it uses', () => {
    expect(Object.keys(functionEnvironment('detect-labels', inputs)).sort()).toEqual(['SITE_ORIGIN', 'TABLE_NAME', 'UPLOAD_BUCKET']);
    expect(functionEnvironment('process-image-upload', inputs)).toMatchObject({ TOPIC_ARN: inputs.topicArn, MIN_CONFIDENCE: '70', MAX_LABELS: '10' });
    expect(functionEnvironment('generate-upload-url', inputs)).toMatchObject({ MAX_UPLOAD_BYTES: String(10 * 1024 * 1024), UPLOAD_URL_EXPIRY_SECONDS: '60', DAILY_UPLOAD_LIMIT: '500', PROCESSING_DEADLINE_SECONDS: '1080' });
    expect(functionEnvironment('generate-upload-url', inputs)).not.toHaveProperty('TOPIC_ARN');
  });
});

describe("the handlers' environment contract", () => {
  const schemas = { 'generate-upload-url': generateUploadUrlEnvSchema, 'process-image-upload': processImageUploadEnvSchema, 'detect-labels': detectLabelsEnvSchema };
  const variants = {
    defaults: testSettings(),
    'the smallest values': testSettings({ minConfidence: 0, maxLabels: 1, maxUploadBytes: 1, uploadUrlExpirySeconds: 10, dataExpiryDays: 1 }),
    'the largest values': testSettings({ minConfidence: 100, maxLabels: 1000, maxUploadBytes: 15_000_000, uploadUrlExpirySeconds: 3600, dataExpiryDays: 3650 }),
  };

  for (const [variant, settings] of Object.entries(variants)) {
    test(`what the deploy writes parses with each handler's own schema (${variant}), and names nothing the schema does not`, () => {
      for (const key of FUNCTION_KEYS) {
        const written = functionEnvironment(key, { settings, names, topicArn: 'arn:aws:sns:eu-west-1:111122223333:demo-notifications', site: { url: 'https://d1.cloudfront.net/', origin: 'https://d1.cloudfront.net' } });
        const parsed = parseEnvironment(schemas[key], written);
        expect(Object.keys(parsed).sort()).toEqual(Object.keys(written).sort());
      }
    });
  }
});
