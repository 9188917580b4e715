import { BadRequestException, type MethodSetting, type PatchOperation } from '@aws-sdk/client-api-gateway';
import { awsError } from './errors';

export interface StageRecord {
  name: string;
  deploymentId: string;
  description?: string;
  variables: Record<string, string>;
  methodSettings: Record<string, MethodSetting>;
  tracingEnabled: boolean;
  tags: Record<string, string>;
  createdDate: Date;
  lastUpdatedDate: Date;
}

/** What API Gateway fills in for a method-settings key the first time any of its settings is patched. */
const METHOD_SETTING_DEFAULTS: MethodSetting = {
  metricsEnabled: false,
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

const METHOD_SETTING_PATHS: Record<string, (value: string) => MethodSetting> = {
  'throttling/rateLimit': (value) => ({ throttlingRateLimit: Number(value) }),
  'throttling/burstLimit': (value) => ({ throttlingBurstLimit: Number.parseInt(value, 10) }),
  'logging/loglevel': (value) => ({ loggingLevel: value }),
  'logging/dataTrace': (value) => ({ dataTraceEnabled: value === 'true' }),
  'metrics/enabled': (value) => ({ metricsEnabled: value === 'true' }),
  'caching/enabled': (value) => ({ cachingEnabled: value === 'true' }),
  'caching/ttlInSeconds': (value) => ({ cacheTtlInSeconds: Number.parseInt(value, 10) }),
};

function invalidPath(path: string): Error {
  return awsError(BadRequestException, 400, `Invalid patch path '${path}' specified for op 'replace'.`);
}

/** Applies UpdateStage's JSON-patch-like operations; `deploymentExists` guards /deploymentId. */
export function patchStage(stage: StageRecord, operations: PatchOperation[], deploymentExists: (id: string) => boolean): void {
  for (const { op, path = '', value = '' } of operations) {
    const segments = path.split('/').slice(1);
    if (path === '/deploymentId') {
      if (!deploymentExists(value)) throw awsError(BadRequestException, 400, 'Invalid deployment identifier specified');
      stage.deploymentId = value;
    } else if (path === '/description') {
      stage.description = value;
    } else if (path === '/tracingEnabled') {
      stage.tracingEnabled = value === 'true';
    } else if (segments[0] === 'variables' && segments.length === 2) {
      if (op === 'remove') delete stage.variables[segments[1]];
      else stage.variables[segments[1]] = value;
    } else if (segments.length === 2 && op === 'remove') {
      delete stage.methodSettings[segments.join('/')];
    } else if (segments.length === 4) {
      const key = `${segments[0]}/${segments[1]}`;
      const setting = METHOD_SETTING_PATHS[`${segments[2]}/${segments[3]}`];
      if (!setting) throw invalidPath(path);
      stage.methodSettings[key] = { ...METHOD_SETTING_DEFAULTS, ...stage.methodSettings[key], ...setting(value) };
    } else {
      throw invalidPath(path);
    }
  }
}
