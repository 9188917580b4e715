import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { getHandler, type GenerateUploadUrlDeps } from '../../functions/generate-upload-url';
import { apiEvent, lambdaContext, responseBody } from './support/api-event';
import { capturedLogger } from './support/captured-logger';
import { environments, SITE_ORIGIN, TABLE_NAME, UPLOAD_BUCKET } from './support/environments';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const s3 = new S3Client({ region: 'us-east-1', credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
const table = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials }));
const tableMock = mockClient(table);

const NOW = new Date('2025-03-04T05:06:07.000Z');
const ID = '0b6f3a52-3c1e-4d1a-9a43-2f6f1c9e8d7a';
const env = environments['generate-upload-url'];

function setup(overrides: Partial<GenerateUploadUrlDeps> = {}) {
  const { logger, lines } = capturedLogger();
  const metrics: [string, number, Record<string, string>][] = [];
  const handler = getHandler({ env, s3, table, now: () => NOW, newId: () => ID, logger, metric: (...sample) => metrics.push(sample), ...overrides });
  return { handler, lines, metrics };
}

const validRequest = { fileName: 'chelsea.jpg', contentType: 'image/jpeg', size: 27273 };

beforeEach(() => {
  tableMock.reset();
  tableMock.on(PutCommand).resolves({});
  tableMock.on(UpdateCommand).resolves({ Attributes: { uploads: 1 } });
});

function expectCorsJson(headers: Record<string, unknown> | undefined) {
  expect(headers).toMatchObject({ 'Access-Control-Allow-Origin': SITE_ORIGIN, Vary: 'Origin', 'Content-Type': 'application/json' });
}

describe('generate-upload-url', () => {
  test('issues a presigned POST for a key it chooses, and records the image as awaiting upload', async () => {
    const { handler } = setup();

    const response = await handler(apiEvent('/generate-upload-url', validRequest), lambdaContext);

    expect(response.statusCode).toBe(200);
    expectCorsJson(response.headers);
    const body = responseBody(response);
    expect(body).toMatchObject({ key: `uploads/${ID}.jpg`, expiresIn: 60, maxBytes: 10485760 });
    expect(body.upload.url).toBe(`https://${UPLOAD_BUCKET}.s3.us-east-1.amazonaws.com/`);
    expect(body.upload.fields).toMatchObject({ key: `uploads/${ID}.jpg`, 'Content-Type': 'image/jpeg', bucket: UPLOAD_BUCKET });
    expect(body.upload.fields.Policy).toEqual(expect.any(String));
    expect(body.upload.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(tableMock.commandCalls(PutCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: TABLE_NAME,
        Item: {
          imageKey: `uploads/${ID}.jpg`,
          status: 'awaiting-upload',
          contentType: 'image/jpeg',
          size: 27273,
          originalName: 'chelsea.jpg',
          createdAt: '2025-03-04T05:06:07.000Z',
          expiresAt: Math.floor(NOW.getTime() / 1000) + 30 * 86400,
          deadline: NOW.getTime() + 1080 * 1000,
        },
        ConditionExpression: 'attribute_not_exists(imageKey)',
      },
    ]);
  });

  test("counts the upload against today's limit first, and publishes today's count as a metric", async () => {
    tableMock.on(UpdateCommand).resolves({ Attributes: { uploads: 42 } });
    const { handler, metrics } = setup();
    await handler(apiEvent('/generate-upload-url', validRequest), lambdaContext);
    expect(tableMock.commandCalls(UpdateCommand)[0].args[0].input).toMatchObject({
      Key: { imageKey: '#daily-uploads/2025-03-04' },
      ConditionExpression: 'attribute_not_exists(#uploads) OR #uploads < :limit',
      ExpressionAttributeValues: { ':one': 1, ':limit': 500 },
    });
    expect(metrics).toEqual([['UploadsToday', 42, { Stack: 'rekog' }]]);
  });

  test("past today's limit: 429 saying when uploads open again, and nothing presigned or written", async () => {
    tableMock.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    const { handler, metrics } = setup();
    const response = await handler(apiEvent('/generate-upload-url', validRequest), lambdaContext);
    expect(response.statusCode).toBe(429);
    expectCorsJson(response.headers);
    expect(responseBody(response)).toEqual({
      error: {
        code: 'DAILY_LIMIT_REACHED',
        message: "Today's limit of 500 uploads has been reached. Uploads open again at 00:00 UTC, in 18 h 54 min.",
        resetsAt: '2025-03-05T00:00:00.000Z',
      },
    });
    expect(tableMock.commandCalls(PutCommand)).toHaveLength(0);
    expect(metrics).toEqual([]);
  });

  test('with no daily limit (0) nothing is counted', async () => {
    const { handler } = setup({ env: { ...env, DAILY_UPLOAD_LIMIT: 0 } });
    expect((await handler(apiEvent('/generate-upload-url', validRequest), lambdaContext)).statusCode).toBe(200);
    expect(tableMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  test('gives a PNG a .png key', async () => {
    const { handler } = setup();

    const response = await handler(apiEvent('/generate-upload-url', { ...validRequest, fileName: 'coffee.png', contentType: 'image/png' }), lambdaContext);

    expect(responseBody(response).key).toBe(`uploads/${ID}.png`);
  });

  test('keeps a non-ASCII file name, URL-encoded in the object metadata', async () => {
    const { handler } = setup();

    const response = await handler(apiEvent('/generate-upload-url', { ...validRequest, fileName: 'Café crème ü.jpg' }), lambdaContext);

    expect(response.statusCode).toBe(200);
    expect(responseBody(response).upload.fields['x-amz-meta-original-name']).toBe('Caf%C3%A9%20cr%C3%A8me%20%C3%BC.jpg');
    expect(tableMock.commandCalls(PutCommand)[0].args[0].input.Item).toMatchObject({ originalName: 'Café crème ü.jpg' });
  });

  test('reads a base64-encoded body', async () => {
    const { handler } = setup();
    const event = apiEvent('/generate-upload-url', Buffer.from(JSON.stringify(validRequest)).toString('base64'), { isBase64Encoded: true });

    const response = await handler(event, lambdaContext);

    expect(response.statusCode).toBe(200);
  });

  test.each([
    ['a body that is not JSON', 400, 'INVALID_JSON', '{"fileName": "a.jpg",'],
    ['no body', 400, 'INVALID_JSON', null],
    ['a JSON array', 400, 'INVALID_REQUEST', [validRequest]],
    ['a JSON string', 400, 'INVALID_REQUEST', '"chelsea.jpg"'],
    ['JSON null', 400, 'INVALID_REQUEST', 'null'],
    ['no file name', 400, 'INVALID_FILE_NAME', { contentType: 'image/jpeg', size: 10 }],
    ['a file name that is a number', 400, 'INVALID_FILE_NAME', { ...validRequest, fileName: 42 }],
    ['an empty file name', 400, 'INVALID_FILE_NAME', { ...validRequest, fileName: ' ' }],
    ['a file name with a slash', 400, 'INVALID_FILE_NAME', { ...validRequest, fileName: '../../etc/passwd.jpg' }],
    ['a file name with a backslash', 400, 'INVALID_FILE_NAME', { ...validRequest, fileName: 'C:\\photos\\cat.jpg' }],
    ['a file name with a NUL', 400, 'INVALID_FILE_NAME', { ...validRequest, fileName: 'cat\u0000.jpg' }],
    ['a file name with a newline', 400, 'INVALID_FILE_NAME', { ...validRequest, fileName: 'cat\r\nX-Evil: 1.jpg' }],
    ['a file name with a right-to-left override', 400, 'INVALID_FILE_NAME', { ...validRequest, fileName: 'cat\u202egpj.exe' }],
    ['a file name of 1000 characters', 400, 'INVALID_FILE_NAME', { ...validRequest, fileName: `${'a'.repeat(996)}.jpg` }],
    ['an unknown content type', 400, 'UNSUPPORTED_CONTENT_TYPE', { ...validRequest, contentType: 'image/gif' }],
    ['a text content type', 400, 'UNSUPPORTED_CONTENT_TYPE', { ...validRequest, contentType: 'text/plain' }],
    ['no content type', 400, 'UNSUPPORTED_CONTENT_TYPE', { fileName: 'a.jpg', size: 10 }],
    ['size zero', 400, 'INVALID_SIZE', { ...validRequest, size: 0 }],
    ['a negative size', 400, 'INVALID_SIZE', { ...validRequest, size: -1 }],
    ['a size that is a string', 400, 'INVALID_SIZE', { ...validRequest, size: '27273' }],
    ['a fractional size', 400, 'INVALID_SIZE', { ...validRequest, size: 1.5 }],
    ['an infinite size', 400, 'INVALID_SIZE', '{"fileName":"a.jpg","contentType":"image/jpeg","size":1e400}'],
    ['a size over the limit', 413, 'FILE_TOO_LARGE', { ...validRequest, size: 10485761 }],
  ])('answers %s with %i %s, as JSON with CORS headers, and records nothing', async (_case, status, code, body) => {
    const { handler } = setup();
    const response = await handler(apiEvent('/generate-upload-url', body), lambdaContext);

    expect(response.statusCode).toBe(status);
    expectCorsJson(response.headers);
    expect(responseBody(response)).toEqual({ error: { code, message: expect.any(String) } });
    expect(tableMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  test('accepts a file name of exactly 255 bytes', async () => {
    const { handler } = setup();

    const response = await handler(apiEvent('/generate-upload-url', { ...validRequest, fileName: `${'a'.repeat(251)}.jpg` }), lambdaContext);

    expect(response.statusCode).toBe(200);
  });

  test('answers the CORS preflight without touching AWS', async () => {
    const { handler } = setup();

    const response = await handler(apiEvent('/generate-upload-url', null, { httpMethod: 'OPTIONS' }), lambdaContext);

    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({
      'Access-Control-Allow-Origin': SITE_ORIGIN,
      'Access-Control-Allow-Methods': 'OPTIONS,POST',
      'Access-Control-Allow-Headers': 'Content-Type',
    });
    expect(tableMock.calls()).toHaveLength(0);
  });

  test('answers other methods with 405', async () => {
    const { handler } = setup();

    const response = await handler(apiEvent('/generate-upload-url', null, { httpMethod: 'GET' }), lambdaContext);

    expect(response.statusCode).toBe(405);
    expect(responseBody(response).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  test('answers 503 with CORS headers when DynamoDB is throttling', async () => {
    tableMock.on(PutCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const { handler } = setup();

    const response = await handler(apiEvent('/generate-upload-url', validRequest), lambdaContext);

    expect(response.statusCode).toBe(503);
    expectCorsJson(response.headers);
    expect(responseBody(response).error.code).toBe('SERVICE_BUSY');
  });

  test('answers 500 with CORS headers, and logs the cause, when the write is denied', async () => {
    const denied = Object.assign(new Error('not authorized to perform dynamodb:PutItem'), { name: 'AccessDeniedException' });
    tableMock.on(PutCommand).rejects(denied);
    const { handler, lines } = setup();

    const response = await handler(apiEvent('/generate-upload-url', validRequest), lambdaContext);

    expect(response.statusCode).toBe(500);
    expectCorsJson(response.headers);
    expect(responseBody(response)).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.any(String) } });
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', requestId: 'lambda-request-1', error: expect.objectContaining({ name: 'AccessDeniedException' }) }),
    );
  });

  test('logs one JSON line per issued upload, with the key and request id', async () => {
    const { handler, lines } = setup();

    await handler(apiEvent('/generate-upload-url', validRequest), lambdaContext);

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'upload URL issued',
        key: `uploads/${ID}.jpg`,
        requestId: 'lambda-request-1',
        time: '2025-01-02T03:04:05.000Z',
      }),
    ]);
  });
});
