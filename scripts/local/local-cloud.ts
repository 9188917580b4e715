import { mkdirSync, writeFileSync } from 'node:fs';
import type { S3Event } from 'aws-lambda';
import type { Settings } from '../../config/schema';
import { arns } from '../lib/builders/arns';
import { writeBundles } from '../lib/build/bundle';
import { projectPaths, type Paths } from '../lib/engine/context';
import { buildNames, UPLOAD_PREFIX, type FunctionKey } from '../lib/builders/names';
import { stackOutputs, type StackOutputs } from '../lib/builders/stack-outputs';
import { ensurePortsFree } from './http/free-ports';
import type { Timeouts } from './http/start-server';
import { claimLocalCloud } from './instance-lock';
import { invokeAsync } from './lambda/invoke-async';
import { renderFunctionLine } from './lambda/render-function-line';
import { LOCAL_ACCOUNT, LOCAL_HOST, localPaths } from './local-paths';
import { watchObjectCreated } from './s3/notifications';
import { redeliverUnfinished } from './s3/redeliver';
import { startWithClosers } from './start/closers';
import { startFrontDoor } from './start/front-door';
import { startFunctions } from './start/functions';
import { startServices } from './start/services';
import { startStorage } from './start/storage';

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
  /** Shorter function timeouts than Lambda's, for tests that wait for one to pass. */
  functionTimeoutSeconds?: Partial<Record<FunctionKey, number>>;
  /** Colours in the handlers' log lines, as `logs` uses them on a terminal. */
  colour?: boolean;
  /** How long the site, API and S3 ports wait for a request's headers and body (30 s each by default). */
  httpTimeouts?: Partial<Timeouts>;
}

export interface LocalCloud {
  outputs: StackOutputs;
  s3Url: string;
  /** Resolves with the model's load time once the Rekognition worker has it (loading it if need be). */
  modelLoaded(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The whole app on this machine: s3rver behind the upload gate, dynalite, a DetectLabels endpoint
 * with a real model, an SNS endpoint, the three handler bundles, the API and the site, each on
 * loopback. The handlers are the bundles that go to Lambda, with their Lambda environment pointed
 * at these endpoints.
 */
export function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? ((line: string) => console.log(line));
  const paths = options.paths ?? projectPaths();
  const data = localPaths(options.dataRoot);
  const { settings } = options;
  const names = buildNames(settings.stack, LOCAL_ACCOUNT, settings.region);
  const scope = { partition: 'aws', region: settings.region, accountId: LOCAL_ACCOUNT };
  const topicArn = arns.topic(scope, names.topic);
  const siteOrigin = `http://${LOCAL_HOST}:${options.port}`;

  return startWithClosers(async (onClose) => {
    // Before anything else: a second local cloud on the same data would break the first.
    const claim = claimLocalCloud(data.dir, { siteUrl: `${siteOrigin}/` });
    onClose(() => claim.release());
    await ensurePortsFree([options.port, options.port + 1, options.port + 2], LOCAL_HOST);
    for (const dir of [data.s3, data.dynamodb, data.logs]) mkdirSync(dir, { recursive: true });
    const bundles = await writeBundles(paths);
    const storage = await startStorage({ data, s3Port: options.port + 2, settings, names, siteOrigin, log, timeouts: options.httpTimeouts });
    onClose(() => storage.close());
    const services = await startServices({ data, s3: storage.s3, topicArn, preloadModel: options.preloadModel, log });
    onClose(() => services.close());
    const { functions, close: closeFunctions } = await startFunctions({
      bundles,
      settings,
      names,
      topicArn,
      siteOrigin,
      data,
      timeoutSeconds: options.functionTimeoutSeconds,
      endpoints: { s3: storage.s3Url, dynamodb: storage.dynamodbUrl, rekognition: services.rekognitionUrl, sns: services.snsUrl },
      onFunctionLog: (key, line) => log(renderFunctionLine(key, line, Boolean(options.colour))),
    });
    onClose(closeFunctions);
    const deliver = (event: S3Event) => invokeAsync(functions['process-image-upload'], event, log);
    onClose(watchObjectCreated(storage.objectEvents, { bucket: names.uploadBucket, prefix: UPLOAD_PREFIX, region: settings.region, log, deliver }));
    const frontDoor = await startFrontDoor({ port: options.port, settings, functions, paths, siteOrigin, s3Url: storage.s3Url, log, timeouts: options.httpTimeouts });
    onClose(() => frontDoor.close());
    onClose(await redeliverUnfinished({ dynamodb: storage.dynamodb, s3: storage.s3, table: names.table, bucket: names.uploadBucket, region: settings.region, deliver, log }));

    const outputs = stackOutputs({ settings, names, scope }, { siteUrl: frontDoor.siteUrl, apiUrl: frontDoor.apiUrl });
    writeFileSync(data.outputs, `${JSON.stringify(outputs, null, 2)}\n`);
    return { outputs, s3Url: storage.s3Url, modelLoaded: services.modelLoaded };
  });
}
