import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import type { Settings } from '../../config/schema';
import { API_ROUTES } from '../lib/builders/api-definition';
import { arns } from '../lib/builders/arns';
import { writeBundles } from '../lib/build/bundle';
import { createClients, destroyClients } from '../lib/engine/clients';
import { projectPaths, type Paths } from '../lib/engine/context';
import { FUNCTION_LIMITS } from '../lib/builders/function-config';
import { functionEnvironment } from '../lib/builders/function-environment';
import { buildNames, FUNCTION_KEYS, UPLOAD_PREFIX, type FunctionKey } from '../lib/builders/names';
import { stackOutputs, type StackOutputs } from '../lib/builders/stack-outputs';
import { startApiGateway } from './api-gateway/server';
import { startFunction, type LocalFunction } from './lambda/run-handler';
import { LOCAL_ACCOUNT, LOCAL_CREDENTIALS, LOCAL_HOST, localPaths } from './local-paths';
import { provisionLocalData } from './provision';
import { loadCenterNet } from './rekognition/model';
import { startRekognitionServer } from './rekognition/server';
import { watchObjectCreated } from './s3/notifications';
import { allowAccessKey } from './s3/s3rver-credentials';
import { startUploadGate } from './s3/upload-gate';
import { startSiteServer } from './site-server';
import { startSnsServer } from './sns/server';

// S3 retries a failed asynchronous invocation twice, as the deployed event invoke config says.
const ASYNC_ATTEMPTS = 3;

export interface LocalCloudOptions {
  /** The site's port; the API listens on port + 1 and S3 on port + 2. */
  port: number;
  settings: Settings;
  paths?: Paths;
  /** Where .rekog/local lives (default: the project root). */
  dataRoot?: string;
  log?: (line: string) => void;
  /** Load the model at start, in the background (the first analysis waits for it otherwise). */
  preloadModel?: boolean;
}

export interface LocalCloud {
  outputs: StackOutputs;
  s3Url: string;
  close(): Promise<void>;
}

function listen(server: { listen: (port: number, host: string, callback: () => void) => unknown; address: () => unknown }): Promise<string> {
  return new Promise((resolve) => server.listen(0, LOCAL_HOST, () => resolve(`http://${LOCAL_HOST}:${(server.address() as AddressInfo).port}`)));
}

async function invokeAsync(fn: LocalFunction, event: unknown, log: (line: string) => void): Promise<void> {
  for (let attempt = 1; attempt <= ASYNC_ATTEMPTS; attempt += 1) {
    try {
      await fn.invoke(event);
      return;
    } catch (error) {
      log(`lambda ${fn.name} failed (attempt ${attempt} of ${ASYNC_ATTEMPTS}): ${(error as Error).message}`);
    }
  }
}

/**
 * The whole app on this machine: s3rver behind the upload gate, dynalite, a DetectLabels endpoint
 * with a real model, an SNS endpoint, the three handler bundles, the API and the site, each on
 * loopback. The handlers are the bundles that go to Lambda, with their Lambda environment pointed
 * at these endpoints.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? ((line: string) => console.log(line));
  const paths = options.paths ?? projectPaths();
  const data = localPaths(options.dataRoot ?? paths.root);
  for (const dir of [data.s3, data.dynamodb, data.logs]) mkdirSync(dir, { recursive: true });
  const { settings } = options;
  const region = settings.region;
  const names = buildNames(settings.stack, LOCAL_ACCOUNT, region);
  const scope = { partition: 'aws', region, accountId: LOCAL_ACCOUNT };
  const topicArn = arns.topic(scope, names.topic);
  const siteOrigin = `http://${LOCAL_HOST}:${options.port}`;
  const closers: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne();
  };

  try {
    const bundles = await writeBundles(paths.functions, paths.dist, settings.runtime);

    allowAccessKey(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);
    const s3rver = new S3rver({ address: LOCAL_HOST, port: 0, silent: true, directory: data.s3 });
    const s3rverAddress = (await s3rver.run()) as AddressInfo;
    const s3rverUrl = `http://${LOCAL_HOST}:${s3rverAddress.port}`;
    closers.push(() => s3rver.close());

    const dynamo = dynalite({ path: data.dynamodb, createTableMs: 0 });
    const dynamoUrl = await listen(dynamo);
    closers.push(() => new Promise((resolve) => dynamo.close(resolve)));

    const direct = createClients({ region, credentials: LOCAL_CREDENTIALS, endpoints: { s3: s3rverUrl, dynamodb: dynamoUrl } });
    closers.push(() => destroyClients(direct));
    await provisionLocalData(direct, names, siteOrigin);

    const gate = await startUploadGate({
      port: options.port + 2,
      host: LOCAL_HOST,
      s3rverUrl,
      region,
      secretFor: (accessKeyId) => (accessKeyId === LOCAL_CREDENTIALS.accessKeyId ? LOCAL_CREDENTIALS.secretAccessKey : undefined),
      log,
    });
    closers.push(() => gate.close());

    const rekognition = await startRekognitionServer({
      port: 0,
      host: LOCAL_HOST,
      log,
      readObject: async (Bucket, Key, VersionId) => {
        const object = await direct.s3.send(new GetObjectCommand({ Bucket, Key, VersionId }));
        return Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
      },
    });
    closers.push(() => rekognition.close());

    const sns = await startSnsServer({ port: 0, host: LOCAL_HOST, file: data.notifications, log, topicArns: [topicArn] });
    closers.push(() => sns.close());

    const functions = {} as Record<FunctionKey, LocalFunction>;
    for (const key of FUNCTION_KEYS) {
      const name = names.functions[key];
      const logFile = path.join(data.logs, `${name}.log`);
      functions[key] = startFunction({
        name,
        bundlePath: bundles[key],
        region,
        accountId: LOCAL_ACCOUNT,
        runtime: settings.runtime,
        timeoutSeconds: FUNCTION_LIMITS[key].timeoutSeconds,
        memorySizeMb: FUNCTION_LIMITS[key].memoryMb,
        env: {
          ...functionEnvironment(key, { settings, names, topicArn, site: { url: `${siteOrigin}/`, origin: siteOrigin } }),
          AWS_ENDPOINT_URL_S3: gate.url,
          AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
          AWS_ENDPOINT_URL_REKOGNITION: rekognition.url,
          AWS_ENDPOINT_URL_SNS: sns.url,
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          // Lambda runs Node 22; here the SDK would log a Node 20 deprecation warning on every cold start.
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        onLog: (functionName, line, source) => {
          appendFileSync(logFile, `${line}\n`);
          if (source === 'function') log(`${functionName} | ${line}`);
        },
      });
      closers.push(() => functions[key].close());
    }

    const api = await startApiGateway({
      port: options.port + 1,
      host: LOCAL_HOST,
      stage: 'prod',
      accountId: LOCAL_ACCOUNT,
      allowedOrigin: siteOrigin,
      throttle: { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit },
      log,
      routes: API_ROUTES.map((route) => ({ method: 'POST', path: route.path, invoke: (event) => functions[route.function].invoke(event) })),
    });
    closers.push(() => api.close());

    const stopWatching = watchObjectCreated(s3rver, {
      bucket: names.uploadBucket,
      prefix: UPLOAD_PREFIX,
      region,
      log,
      deliver: (event) => invokeAsync(functions['process-image-upload'], event, log),
    });
    closers.push(() => stopWatching());

    const site = await startSiteServer({
      port: options.port,
      host: LOCAL_HOST,
      siteDir: paths.site,
      log,
      config: { apiUrl: api.url, maxUploadBytes: settings.maxUploadBytes, uploadUrlExpirySeconds: settings.uploadUrlExpirySeconds, stack: settings.stack, region },
    });
    closers.push(() => site.close());

    if (options.preloadModel) {
      const started = Date.now();
      loadCenterNet().then(
        () => log(`rekognition model loaded in ${Date.now() - started} ms`),
        (error: Error) => log(`rekognition model failed to load: ${error.message}`),
      );
    }

    const outputs = stackOutputs({ settings, names, scope }, { siteUrl: `${siteOrigin}/`, apiUrl: api.url });
    writeFileSync(data.outputs, `${JSON.stringify(outputs, null, 2)}\n`);
    return { outputs, s3Url: gate.url, close };
  } catch (error) {
    await close();
    throw error;
  }
}
