import type { Settings } from '../../config/schema';
import type { FunctionKey, Names } from './names';

export interface EnvironmentInputs {
  settings: Settings;
  names: Names;
  topicArn: string;
  site: { url: string; origin: string };
}

/**
 * Each function's environment variables: only what that function uses. The same builder feeds
 * Lambda (create-function) and the local cloud, so the handlers cannot tell them apart.
 */
export function functionEnvironment(key: FunctionKey, inputs: EnvironmentInputs): Record<string, string> {
  const { settings, names, site } = inputs;
  const common = { UPLOAD_BUCKET: names.uploadBucket, TABLE_NAME: names.table, SITE_ORIGIN: site.origin };
  switch (key) {
    case 'generate-upload-url':
      return {
        ...common,
        MAX_UPLOAD_BYTES: String(settings.maxUploadBytes),
        UPLOAD_URL_EXPIRY_SECONDS: String(settings.uploadUrlExpirySeconds),
        DATA_EXPIRY_DAYS: String(settings.dataExpiryDays),
      };
    case 'process-image-upload':
      return {
        ...common,
        TOPIC_ARN: inputs.topicArn,
        SITE_URL: site.url,
        MIN_CONFIDENCE: String(settings.minConfidence),
        MAX_LABELS: String(settings.maxLabels),
        MAX_UPLOAD_BYTES: String(settings.maxUploadBytes),
        DATA_EXPIRY_DAYS: String(settings.dataExpiryDays),
      };
    case 'detect-labels':
      return common;
  }
}
