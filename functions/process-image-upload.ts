import { randomUUID } from 'node:crypto';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, S3Event } from 'aws-lambda';
import { processRecord, type RecordResult, type RecordWork } from './analysis/process-record';
import { createDocumentClient } from './shared/document-client';
import { parseEnvironment, processImageUploadEnvSchema, type ProcessImageUploadEnv } from './shared/env';
import { lazily } from './shared/lazily';
import { createLogger, type Logger } from './shared/log';
import { ResultsTable } from './shared/results-table';
import { createS3Client } from './shared/s3-client';

export interface ProcessImageUploadDeps {
  env: ProcessImageUploadEnv;
  s3: S3Client;
  rekognition: RekognitionClient;
  sns: SNSClient;
  table: DynamoDBDocumentClient;
  now: () => Date;
  newId: () => string;
  logger: Logger;
}

export function defaultDeps(): ProcessImageUploadDeps {
  return lazily<ProcessImageUploadDeps>({
    env: () => parseEnvironment(processImageUploadEnvSchema),
    s3: () => createS3Client(),
    rekognition: () => new RekognitionClient({}),
    sns: () => new SNSClient({}),
    table: () => createDocumentClient(),
    now: () => () => new Date(),
    newId: () => randomUUID,
    logger: () => createLogger(),
  });
}

// Lambda's longest timeout; used when the caller's context cannot say how long is left.
const MAX_INVOCATION_MS = 15 * 60 * 1000;

export type InvocationContext = Pick<Context, 'awsRequestId'> & Partial<Pick<Context, 'getRemainingTimeInMillis'>>;

/** Thrown after every record had its turn, so that Lambda retries the event for the busy ones. */
export class RetryLaterError extends Error {
  constructor(readonly records: number) {
    super(`${records} record(s) met throttling or an AWS fault; the event will be retried`);
    this.name = 'RetryLaterError';
  }
}

/** S3 ObjectCreated under uploads/ → Rekognition labels in DynamoDB, and one e-mail per image. */
export function getHandler(deps: ProcessImageUploadDeps) {
  return async (event: S3Event, context: InvocationContext): Promise<void> => {
    const logger = deps.logger.with({ requestId: context.awsRequestId });
    const work: RecordWork = {
      env: deps.env,
      s3: deps.s3,
      rekognition: deps.rekognition,
      sns: deps.sns,
      results: new ResultsTable(deps.table, deps.env.TABLE_NAME),
      now: deps.now,
      newId: deps.newId,
      logger,
      remainingMs: () => context.getRemainingTimeInMillis?.() ?? MAX_INVOCATION_MS,
    };
    const recordResults: RecordResult[] = [];
    for (const record of event.Records ?? []) recordResults.push(await processRecord(record, work));
    const retries = recordResults.filter((result) => result === 'retry').length;
    if (retries > 0) throw new RetryLaterError(retries);
  };
}

export const handler = getHandler(defaultDeps());
