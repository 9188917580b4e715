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
import { ResultsTable } from './shared/results-table';
import { createS3Client } from './shared/s3-client';
import { expiresAt } from './shared/time';
import { createUploadForm } from './upload/upload-form';
import { readUploadRequest } from './upload/upload-request';

export interface GenerateUploadUrlDeps {
  env: GenerateUploadUrlEnv;
  s3: S3Client;
  table: DynamoDBDocumentClient;
  now: () => Date;
  newId: () => string;
  logger: Logger;
}

export function defaultDeps(): GenerateUploadUrlDeps {
  return lazily<GenerateUploadUrlDeps>({
    env: () => parseEnvironment(generateUploadUrlEnvSchema),
    s3: () => createS3Client(),
    table: () => createDocumentClient(),
    now: () => () => new Date(),
    newId: () => randomUUID,
    logger: () => createLogger(),
  });
}

/** POST /generate-upload-url {fileName, contentType, size} → a presigned POST for a key we choose. */
export function getHandler(deps: GenerateUploadUrlDeps) {
  return async (event: APIGatewayProxyEvent, context: Pick<Context, 'awsRequestId'>): Promise<APIGatewayProxyResult> => {
    const { env } = deps;
    const logger = deps.logger.with({ requestId: context.awsRequestId });
    return answerRequest(event, { siteOrigin: env.SITE_ORIGIN, logger }, async () => {
      const request = readUploadRequest(readJsonBody(event), env.MAX_UPLOAD_BYTES);
      const key = uploadKey(deps.newId(), request.contentType);
      const upload = await createUploadForm(deps.s3, {
        bucket: env.UPLOAD_BUCKET,
        key,
        contentType: request.contentType,
        maxBytes: env.MAX_UPLOAD_BYTES,
        originalName: request.fileName,
        expiresInSeconds: env.UPLOAD_URL_EXPIRY_SECONDS,
      });
      const now = deps.now();
      await new ResultsTable(deps.table, env.TABLE_NAME).recordIssued({
        imageKey: key,
        status: 'awaiting-upload',
        contentType: request.contentType,
        size: request.size,
        originalName: request.fileName,
        createdAt: now.toISOString(),
        expiresAt: expiresAt(now, env.DATA_EXPIRY_DAYS),
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
