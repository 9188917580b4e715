import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../../../config/schema';
import { FUNCTION_LIMITS } from '../../lib/builders/function-config';
import { functionEnvironment } from '../../lib/builders/function-environment';
import { FUNCTION_KEYS, type FunctionKey, type Names } from '../../lib/builders/names';
import { startFunction, type LocalFunction } from '../lambda/run-handler';
import { LOCAL_ACCOUNT, LOCAL_CREDENTIALS, type LocalPaths } from '../local-paths';
import { startWithClosers } from './closers';

export type Functions = Record<FunctionKey, LocalFunction>;

export interface FunctionsOptions {
  bundles: Record<FunctionKey, string>;
  settings: Settings;
  names: Names;
  topicArn: string;
  siteOrigin: string;
  endpoints: { s3: string; dynamodb: string; rekognition: string; sns: string };
  data: LocalPaths;
  /** Seconds each function may run; Lambda's configured timeouts unless a test needs shorter ones. */
  timeoutSeconds?: Partial<Record<FunctionKey, number>>;
  /** Receives each line a handler writes (not Lambda's START/END/REPORT), with the function's key. */
  onFunctionLog: (key: FunctionKey, line: string) => void;
}

/** The three handler bundles, each with its Lambda environment pointed at the local endpoints. */
export function startFunctions(options: FunctionsOptions): Promise<{ functions: Functions; close(): Promise<void> }> {
  const { settings, names, endpoints } = options;
  return startWithClosers(async (onClose) => {
    const functions = {} as Functions;
    for (const key of FUNCTION_KEYS) {
      const name = names.functions[key];
      const logFile = path.join(options.data.logs, `${name}.log`);
      functions[key] = startFunction({
        name,
        bundlePath: options.bundles[key],
        region: settings.region,
        accountId: LOCAL_ACCOUNT,
        runtime: settings.runtime,
        timeoutSeconds: options.timeoutSeconds?.[key] ?? FUNCTION_LIMITS[key].timeoutSeconds,
        memorySizeMb: FUNCTION_LIMITS[key].memoryMb,
        env: {
          ...functionEnvironment(key, { settings, names, topicArn: options.topicArn, site: { url: `${options.siteOrigin}/`, origin: options.siteOrigin } }),
          AWS_ENDPOINT_URL_S3: endpoints.s3,
          AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
          AWS_ENDPOINT_URL_REKOGNITION: endpoints.rekognition,
          AWS_ENDPOINT_URL_SNS: endpoints.sns,
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          // Lambda runs Node 22; here the SDK would log a Node 20 deprecation warning on every cold start.
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        onLog: (_, line, source) => {
          appendFileSync(logFile, `${line}\n`);
          if (source === 'function') options.onFunctionLog(key, line);
        },
      });
      onClose(() => functions[key].close());
    }
    return { functions };
  });
}
