import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { createDocumentClient } from './shared/document-client';
import { detectLabelsEnvSchema, parseEnvironment, type DetectLabelsEnv } from './shared/env';
import { answerRequest, HttpError, parseRequest, readJsonBody, type JsonReply } from './shared/http';
import { isIssuedKeyShape } from './shared/keys';
import { lazily } from './shared/lazily';
import { createLogger, type Logger } from './shared/log';
import { ResultsTable, type ImageItem } from './shared/results-table';
import { failure } from './analysis/failures';

export interface DetectLabelsDeps {
  env: DetectLabelsEnv;
  table: DynamoDBDocumentClient;
  logger: Logger;
  now: () => Date;
}

export function defaultDeps(): DetectLabelsDeps {
  return lazily<DetectLabelsDeps>({
    env: () => parseEnvironment(detectLabelsEnvSchema),
    table: () => createDocumentClient(),
    logger: () => createLogger(),
    now: () => () => new Date(),
  });
}

// The key must be exactly one we issue, so `..`, `%2e%2e` or another prefix cannot name anything.
const labelsRequestSchema = z.object(
  {
    key: z.string('must be a string').check(z.refine(isIssuedKeyShape, 'must be a key returned by /generate-upload-url, such as uploads/<uuid>.jpg')),
    bucket: z.optional(z.string('must be a string')),
  },
  'Send a JSON object: {"key": "uploads/<uuid>.jpg"}.',
);

/** POST /detect-labels {key} → the image's status, and its labels once they are there. */
export function getHandler(deps: DetectLabelsDeps) {
  return async (event: APIGatewayProxyEvent, context: Pick<Context, 'awsRequestId'>): Promise<APIGatewayProxyResult> => {
    const { env } = deps;
    const logger = deps.logger.with({ requestId: context.awsRequestId });
    return answerRequest(event, { siteOrigin: env.SITE_ORIGIN, logger }, async () => {
      const request = parseRequest(labelsRequestSchema, readJsonBody(event), { key: 'INVALID_KEY', bucket: 'UNKNOWN_BUCKET' });
      // Older clients name the bucket too; only ours is accepted.
      if (request.bucket !== undefined && request.bucket !== env.UPLOAD_BUCKET) {
        throw new HttpError(400, 'UNKNOWN_BUCKET', 'bucket: leave it out, or name the upload bucket this API serves.');
      }
      const item = await new ResultsTable(deps.table, env.TABLE_NAME).read(request.key);
      if (!item) throw new HttpError(404, 'KEY_NOT_FOUND', 'No upload was issued for this key, or its results have expired.');
      return labelsReply(item, deps.now());
    });
  };
}

function labelsReply(item: ImageItem, now: Date): JsonReply {
  const key = item.imageKey;
  // Lambda's retries are over and the event went to the failed-uploads queue: never "processing" for ever.
  const timedOut = (item.status === 'awaiting-upload' || item.status === 'processing') && item.deadline !== undefined && now.getTime() > item.deadline;
  if (timedOut) return { statusCode: 200, body: { key, status: 'failed', error: failure('ANALYSIS_TIMED_OUT') } };
  switch (item.status) {
    case 'done':
      return { statusCode: 200, body: { key, status: item.status, labels: item.labels ?? [], processedAt: item.processedAt } };
    case 'failed':
      return { statusCode: 200, body: { key, status: item.status, error: item.error, processedAt: item.processedAt } };
    case 'awaiting-upload':
    case 'processing':
      return { statusCode: 202, body: { key, status: item.status } };
  }
}

export const handler = getHandler(defaultDeps());
