import { DynamoDBClient, InternalServerError } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { getHandler } from '../../functions/detect-labels';
import type { ImageItem } from '../../functions/shared/results-table';
import { apiEvent, lambdaContext, responseBody } from './support/api-event';
import { capturedLogger } from './support/captured-logger';
import { expectedLabels } from './support/detect-labels-response';
import { environments, SITE_ORIGIN, TABLE_NAME, UPLOAD_BUCKET } from './support/environments';

const table = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } }));
const tableMock = mockClient(table);
const KEY = 'uploads/0b6f3a52-3c1e-4d1a-9a43-2f6f1c9e8d7a.jpg';

const NOW = new Date('2025-03-04T05:10:00.000Z');

function setup() {
  const { logger, lines } = capturedLogger();
  return { handler: getHandler({ env: environments['detect-labels'], table, logger, now: () => NOW }), lines };
}

function storedItem(fields: Partial<ImageItem>): ImageItem {
  return { imageKey: KEY, status: 'awaiting-upload', createdAt: '2025-03-04T05:06:07.000Z', expiresAt: 1743656767, ...fields };
}

beforeEach(() => {
  tableMock.reset();
  tableMock.on(GetCommand).resolves({});
});

describe('detect-labels', () => {
  test.each(['awaiting-upload', 'processing'] as const)('an image still %s past its deadline is answered failed (ANALYSIS_TIMED_OUT), never waiting for ever', async (status) => {
    tableMock.on(GetCommand).resolves({ Item: storedItem({ status, deadline: NOW.getTime() - 1 }) });
    const response = await setup().handler(apiEvent('/detect-labels', { key: KEY }), lambdaContext);
    expect(response.statusCode).toBe(200);
    expect(responseBody(response)).toEqual({ key: KEY, status: 'failed', error: { code: 'ANALYSIS_TIMED_OUT', message: expect.stringContaining('Try again') } });
  });

  test('before its deadline an image in progress is still 202, with its status', async () => {
    tableMock.on(GetCommand).resolves({ Item: storedItem({ status: 'processing', deadline: NOW.getTime() + 60_000 }) });
    const response = await setup().handler(apiEvent('/detect-labels', { key: KEY }), lambdaContext);
    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ key: KEY, status: 'processing' });
  });

  test('returns the labels of a finished image, read consistently', async () => {
    tableMock.on(GetCommand).resolves({
      Item: storedItem({ status: 'done', labels: expectedLabels, labelModelVersion: '3.0', processedAt: '2025-03-04T05:06:09.000Z', claimId: 'x' }),
    });
    const { handler } = setup();

    const response = await handler(apiEvent('/detect-labels', { key: KEY }), lambdaContext);

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'Access-Control-Allow-Origin': SITE_ORIGIN, Vary: 'Origin', 'Content-Type': 'application/json' });
    expect(responseBody(response)).toEqual({ key: KEY, status: 'done', labels: expectedLabels, processedAt: '2025-03-04T05:06:09.000Z' });
    expect(tableMock.commandCalls(GetCommand)[0].args[0].input).toEqual({ TableName: TABLE_NAME, Key: { imageKey: KEY }, ConsistentRead: true });
  });

  test.each(['awaiting-upload', 'processing'] as const)('answers 202 while the image is %s', async (status) => {
    tableMock.on(GetCommand).resolves({ Item: storedItem({ status }) });
    const { handler } = setup();

    const response = await handler(apiEvent('/detect-labels', { key: KEY }), lambdaContext);

    expect(response.statusCode).toBe(202);
    expect(responseBody(response)).toEqual({ key: KEY, status });
  });

  test('answers 200 with the reason when the image could not be analysed', async () => {
    const error = { code: 'INVALID_IMAGE_FORMAT', message: 'The image could not be read.' };
    tableMock.on(GetCommand).resolves({ Item: storedItem({ status: 'failed', error, processedAt: '2025-03-04T05:06:09.000Z' }) });
    const { handler } = setup();

    const response = await handler(apiEvent('/detect-labels', { key: KEY }), lambdaContext);

    expect(response.statusCode).toBe(200);
    expect(responseBody(response)).toEqual({ key: KEY, status: 'failed', error, processedAt: '2025-03-04T05:06:09.000Z' });
  });

  test('answers 404 for a well-formed key that was never issued', async () => {
    const { handler } = setup();

    const response = await handler(apiEvent('/detect-labels', { key: KEY }), lambdaContext);

    expect(response.statusCode).toBe(404);
    expect(response.headers).toMatchObject({ 'Access-Control-Allow-Origin': SITE_ORIGIN });
    expect(responseBody(response).error.code).toBe('KEY_NOT_FOUND');
  });

  test('accepts the old client shape that names our bucket', async () => {
    tableMock.on(GetCommand).resolves({ Item: storedItem({ status: 'processing' }) });
    const { handler } = setup();

    const response = await handler(apiEvent('/detect-labels', { key: KEY, bucket: UPLOAD_BUCKET }), lambdaContext);

    expect(response.statusCode).toBe(202);
  });

  test.each([
    ['a body that is not JSON', 'INVALID_JSON', '{key:'],
    ['a JSON number', 'INVALID_REQUEST', '42'],
    ['no key', 'INVALID_KEY', {}],
    ['a key that is not a string', 'INVALID_KEY', { key: ['uploads/a.jpg'] }],
    ['a key outside uploads/', 'INVALID_KEY', { key: 'site/0b6f3a52-3c1e-4d1a-9a43-2f6f1c9e8d7a.jpg' }],
    ['a key with ..', 'INVALID_KEY', { key: 'uploads/../site/index.html' }],
    ['a key with URL-encoded ..', 'INVALID_KEY', { key: 'uploads/%2e%2e/site/0b6f3a52-3c1e-4d1a-9a43-2f6f1c9e8d7a.jpg' }],
    ['a URL-encoded key', 'INVALID_KEY', { key: 'uploads%2F0b6f3a52-3c1e-4d1a-9a43-2f6f1c9e8d7a.jpg' }],
    ['a key with a trailing newline', 'INVALID_KEY', { key: `${KEY}\n` }],
    ['a key with another extension', 'INVALID_KEY', { key: 'uploads/0b6f3a52-3c1e-4d1a-9a43-2f6f1c9e8d7a.gif' }],
    ['a key with upper-case hex', 'INVALID_KEY', { key: 'uploads/0B6F3A52-3C1E-4D1A-9A43-2F6F1C9E8D7A.jpg' }],
    ['a bucket that is not ours', 'UNKNOWN_BUCKET', { key: KEY, bucket: 'someone-elses-bucket' }],
    ['a bucket that is not a string', 'UNKNOWN_BUCKET', { key: KEY, bucket: 7 }],
  ])('answers %s with 400 %s and reads nothing', async (_case, code, body) => {
    const { handler } = setup();

    const response = await handler(apiEvent('/detect-labels', body), lambdaContext);

    expect(response.statusCode).toBe(400);
    expect(response.headers).toMatchObject({ 'Access-Control-Allow-Origin': SITE_ORIGIN, 'Content-Type': 'application/json' });
    expect(responseBody(response)).toEqual({ error: { code, message: expect.any(String) } });
    expect(tableMock.calls()).toHaveLength(0);
  });

  test('answers 503 when DynamoDB fails on its side', async () => {
    tableMock.on(GetCommand).rejects(new InternalServerError({ message: 'oops', $metadata: { httpStatusCode: 500 } }));
    const { handler, lines } = setup();

    const response = await handler(apiEvent('/detect-labels', { key: KEY }), lambdaContext);

    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'Access-Control-Allow-Origin': SITE_ORIGIN });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', requestId: 'lambda-request-1' }));
  });
});
