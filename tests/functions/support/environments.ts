import { settingDefaults } from '../../../config/schema';
import { parseEnvironment, detectLabelsEnvSchema, generateUploadUrlEnvSchema, processImageUploadEnvSchema } from '../../../functions/shared/env';
import { arns } from '../../../scripts/lib/builders/arns';
import { functionEnvironment, type EnvironmentInputs } from '../../../scripts/lib/builders/function-environment';
import { buildNames } from '../../../scripts/lib/builders/names';

export const SITE_ORIGIN = 'https://site.example.com';
const names = buildNames('rekog', '123456789012', 'us-east-1');
export const UPLOAD_BUCKET = names.uploadBucket;
export const TABLE_NAME = names.table;
export const TOPIC_ARN = arns.topic({ partition: 'aws', region: 'us-east-1', accountId: '123456789012' }, names.topic);

const inputs: EnvironmentInputs = {
  settings: { ...settingDefaults, region: 'us-east-1' },
  names,
  topicArn: TOPIC_ARN,
  site: { url: `${SITE_ORIGIN}/`, origin: SITE_ORIGIN },
};

/** Each function's environment as the deploy writes it (all strings), with the default settings. */
export const rawEnvironments = {
  'generate-upload-url': functionEnvironment('generate-upload-url', inputs),
  'process-image-upload': functionEnvironment('process-image-upload', inputs),
  'detect-labels': functionEnvironment('detect-labels', inputs),
};

export const environments = {
  'generate-upload-url': parseEnvironment(generateUploadUrlEnvSchema, rawEnvironments['generate-upload-url']),
  'process-image-upload': parseEnvironment(processImageUploadEnvSchema, rawEnvironments['process-image-upload']),
  'detect-labels': parseEnvironment(detectLabelsEnvSchema, rawEnvironments['detect-labels']),
};
