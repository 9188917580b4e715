import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import type { Settings } from '../../../config/schema';
import type { Names } from '../../lib/builders/names';
import { listen, type Timeouts } from '../http/start-server';
import { onlyLoopbackHosts } from '../http/loopback-hosts';
import { LOCAL_CREDENTIALS, LOCAL_HOST, type LocalPaths } from '../local-paths';
import { provisionLocalData } from '../provision';
import type { ObjectEvents } from '../s3/notifications';
import { startPrivateS3rver } from '../s3/private-s3rver';
import { allowAccessKey } from '../s3/s3rver-credentials';
import { startUploadGate } from '../s3/upload-gate';
import { startWithClosers } from './closers';

export interface Storage {
  /** The S3 endpoint everyone uses: the upload gate. */
  s3Url: string;
  dynamodbUrl: string;
  /** s3rver's object-created events. */
  objectEvents: ObjectEvents;
  /** Signed with the local credentials, through the gate, as a handler would call. */
  s3: S3Client;
  dynamodb: DynamoDBClient;
  close(): Promise<void>;
}

// The largest form S3 receives for an upload of `maxUploadBytes`: the file and the policy fields around it.
const FORM_FIELDS_BYTES = 64 * 1024;

/** S3 (s3rver, reachable only through the upload gate on port `s3Port`) and DynamoDB (dynalite), provisioned. */
export interface StorageOptions {
  data: LocalPaths;
  s3Port: number;
  settings: Settings;
  names: Names;
  siteOrigin: string;
  log: (line: string) => void;
  timeouts?: Partial<Timeouts>;
}

export function startStorage(options: StorageOptions): Promise<Storage> {
  const { region } = options.settings;
  return startWithClosers(async (onClose) => {
    allowAccessKey(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);
    const s3rver = await startPrivateS3rver({ directory: options.data.s3 });
    onClose(() => s3rver.close());

    const gate = await startUploadGate({
      port: options.s3Port,
      host: LOCAL_HOST,
      s3rverAgent: s3rver.agent,
      region,
      secretFor: (accessKeyId) => (accessKeyId === LOCAL_CREDENTIALS.accessKeyId ? LOCAL_CREDENTIALS.secretAccessKey : undefined),
      maxBodyBytes: options.settings.maxUploadBytes + FORM_FIELDS_BYTES,
      log: options.log,
      timeouts: options.timeouts,
    });
    onClose(() => gate.close());

    const dynamo = dynalite({ path: options.data.dynamodb, createTableMs: 0 });
    const dynamoPort = await listen(dynamo, 0, LOCAL_HOST);
    onlyLoopbackHosts(dynamo, dynamoPort);
    onClose(() => new Promise((resolve) => dynamo.close(resolve)));
    const dynamodbUrl = `http://${LOCAL_HOST}:${dynamoPort}`;

    const s3 = new S3Client({ region, endpoint: gate.url, forcePathStyle: true, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
    const dynamodb = new DynamoDBClient({ region, endpoint: dynamodbUrl, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
    onClose(() => {
      s3.destroy();
      dynamodb.destroy();
    });
    await provisionLocalData({ s3, dynamodb }, options.names, options.siteOrigin);
    return { s3Url: gate.url, dynamodbUrl, objectEvents: s3rver.s3rver, s3, dynamodb };
  });
}
