import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { createDocumentClient } from './shared/document-client';
import { generateUploadUrlEnvSchema, parseEnvironment, type GenerateUploadUrlEnv } from './shared/env';
import { answerRequest, readJsonBody } from './shared/http';
import { uploadKey } from './shared/keys';
import { lazily } from './shared/lazily';
import { createLogger, type Logger } from './shared/log';
import { writeEmbeddedMetric, type MetricWriter } from './shared/metrics';
import { ResultsTable } from './shared/results-table';
import { createS3Client } from './shared/s3-client';
import { expiresAt } from './shared/time';
import { countUpload } from './upload/daily-quota';
import { createUploadForm } from './upload/upload-form';
import { readUploadRequest } from './upload/upload-request';

export interface GenerateUploadUrlDeps {
  env: GenerateUploadUrlEnv;
  s3: S3Client;
  table: DynamoDBDocumentClient;
  now: () => Date;
  newId: () => string;
  logger: Logger;
  metric: MetricWriter;
}

/** The metric the daily-limit alarm watches (its builder: scripts/lib/builders/alarms.ts). */
export const UPLOADS_TODAY = 'UploadsToday';

export function defaultDeps(): GenerateUploadUrlDeps {
  return lazily<GenerateUploadUrlDeps>({
    env: () => parseEnvironment(generateUploadUrlEnvSchema),
    s3: () => createS3Client(),
    table: () => createDocumentClient(),
    now: () => () => new Date(),
    newId: () => randomUUID,
    logger: () => createLogger(),
    metric: () => writeEmbeddedMetric,
  });
}

/** POST /generate-upload-url {fileName, contentType, size} → a presigned POST for a key we choose. */
export function getHandler(deps: GenerateUploadUrlDeps) {
  return async (event: APIGatewayProxyEvent, context: Pick<Context, 'awsRequestId'>): Promise<APIGatewayProxyResult> => {
    const { env } = deps;
    const logger = deps.logger.with({ requestId: context.awsRequestId });
    return answerRequest(event, { siteOrigin: env.SITE_ORIGIN, logger }, async () => {
      const request = readUploadRequest(readJsonBody(event), env.MAX_UPLOAD_BYTES);
      const now = deps.now();
      // Counted first: a request past the limit writes nothing and presigns nothing.
      if (env.DAILY_UPLOAD_LIMIT > 0) {
        const today = await countUpload(deps.table, env.TABLE_NAME, env.DAILY_UPLOAD_LIMIT, now);
        deps.metric(UPLOADS_TODAY, today, { Stack: env.STACK_NAME });
      }
      const key = uploadKey(deps.newId(), request.contentType);
      const upload = await createUploadForm(deps.s3, {
        bucket: env.UPLOAD_BUCKET,
        key,
        contentType: request.contentType,
        size: request.size,
        originalName: request.fileName,
        expiresInSeconds: env.UPLOAD_URL_EXPIRY_SECONDS,
      });
      await new ResultsTable(deps.table, env.TABLE_NAME).recordIssued({
        imageKey: key,
        status: 'awaiting-upload',
        contentType: request.contentType,
        size: request.size,
        originalName: request.fileName,
        createdAt: now.toISOString(),
        expiresAt: expiresAt(now, env.DATA_EXPIRY_DAYS),
        deadline: now.getTime() + env.PROCESSING_DEADLINE_SECONDS * 1000,
      });
      logger.info('upload URL issued', { key, size: request.size, contentType: request.contentType });
      return {
        statusCode: 200,
        body: { key, upload, expiresIn: env.UPLOAD_URL_EXPIRY_SECONDS, maxBytes: env.MAX_UPLOAD_BYTES },
      };
    });
  };
}

export const handler = getHandler(defaultDeps());
