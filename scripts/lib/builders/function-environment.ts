import type { Settings } from '../../../config/schema';
import type { EnvironmentVariables } from '../../../functions/shared/env';
import { processingDeadlineSeconds } from './function-config';
import type { FunctionKey, Names } from './names';

export interface EnvironmentInputs {
  settings: Settings;
  names: Names;
  topicArn: string;
  site: { url: string; origin: string };
}

type Builders = { [Key in FunctionKey]: (inputs: EnvironmentInputs) => EnvironmentVariables<Key> };

/** Typed by the handlers' own schemas (functions/shared/env.ts): a variable missing or extra does not compile. */
const builders: Builders = {
  'generate-upload-url': ({ settings, names, site }) => ({
    UPLOAD_BUCKET: names.uploadBucket,
    TABLE_NAME: names.table,
    SITE_ORIGIN: site.origin,
    MAX_UPLOAD_BYTES: String(settings.maxUploadBytes),
    UPLOAD_URL_EXPIRY_SECONDS: String(settings.uploadUrlExpirySeconds),
    DATA_EXPIRY_DAYS: String(settings.dataExpiryDays),
    DAILY_UPLOAD_LIMIT: String(settings.dailyUploadLimit),
    PROCESSING_DEADLINE_SECONDS: String(processingDeadlineSeconds(settings.uploadUrlExpirySeconds)),
    STACK_NAME: names.stack,
  }),
  'process-image-upload': ({ settings, names, site, topicArn }) => ({
    UPLOAD_BUCKET: names.uploadBucket,
    TABLE_NAME: names.table,
    SITE_ORIGIN: site.origin,
    TOPIC_ARN: topicArn,
    SITE_URL: site.url,
    MIN_CONFIDENCE: String(settings.minConfidence),
    MAX_LABELS: String(settings.maxLabels),
    MAX_UPLOAD_BYTES: String(settings.maxUploadBytes),
    DATA_EXPIRY_DAYS: String(settings.dataExpiryDays),
  }),
  'detect-labels': ({ names, site }) => ({
    UPLOAD_BUCKET: names.uploadBucket,
    TABLE_NAME: names.table,
    SITE_ORIGIN: site.origin,
  }),
};

/**
 * Each function's environment variables: only what that function uses. The same builder feeds
 * Lambda (create-function) and the local cloud, so the handlers cannot tell them apart.
 */
export function functionEnvironment<Key extends FunctionKey>(key: Key, inputs: EnvironmentInputs): EnvironmentVariables<Key> {
  return builders[key](inputs);
}
