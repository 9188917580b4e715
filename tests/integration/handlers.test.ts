import { DetectLabelsCommand, InvalidImageFormatException, RekognitionClient, ThrottlingException, type DetectLabelsCommandInput } from '@aws-sdk/client-rekognition';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import * as detectLabels from '../../functions/detect-labels';
import * as generateUploadUrl from '../../functions/generate-upload-url';
import * as processImageUpload from '../../functions/process-image-upload';
import { apiEvent, responseBody } from '../functions/support/api-event';
import { detectLabelsResponse, expectedLabels } from '../functions/support/detect-labels-response';
import { SITE_ORIGIN, TABLE_NAME, TOPIC_ARN, UPLOAD_BUCKET } from '../functions/support/environments';
import { handlerEnvironment } from './support/handler-environment';
import { createResultsTable, startDynalite, startS3rver, type LocalServer } from './support/local-servers';
import { objectCreatedEvent } from './support/s3-event';
import { readFixture } from '../support/fixtures';

const context = { awsRequestId: 'integration-request' };

const rekognitionMock = mockClient(RekognitionClient);
const snsMock = mockClient(SNSClient);

let s3Server: LocalServer;
let dynamoServer: LocalServer;
let s3: S3Client;
let documents: DynamoDBDocumentClient;
let handlers: {
  generateUploadUrl: ReturnType<typeof generateUploadUrl.getHandler>;
  processImageUpload: ReturnType<typeof processImageUpload.getHandler>;
  detectLabels: ReturnType<typeof detectLabels.getHandler>;
};
const savedEnv = process.env;
const logLines: string[] = [];

beforeAll(async () => {
  [s3Server, dynamoServer] = await Promise.all([startS3rver([UPLOAD_BUCKET]), startDynalite()]);
  await createResultsTable(dynamoServer.endpoint, TABLE_NAME);
  process.env = { ...savedEnv, ...handlerEnvironment({ s3: s3Server.endpoint, dynamodb: dynamoServer.endpoint }) };
  // The handlers' own clients, built from the environment exactly as on Lambda.
  handlers = {
    generateUploadUrl: generateUploadUrl.getHandler(generateUploadUrl.defaultDeps()),
    processImageUpload: processImageUpload.getHandler(processImageUpload.defaultDeps()),
    detectLabels: detectLabels.getHandler(detectLabels.defaultDeps()),
  };
  s3 = new S3Client({ forcePathStyle: true });
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
});

afterAll(async () => {
  process.env = savedEnv;
  rekognitionMock.restore();
  snsMock.restore();
  s3?.destroy();
  documents?.destroy();
  await Promise.all([s3Server?.stop(), dynamoServer?.stop()]);
});

beforeEach(() => {
  rekognitionMock.reset();
  snsMock.reset();
  rekognitionMock.on(DetectLabelsCommand).callsFake(fakeRekognition);
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
  logLines.length = 0;
  jest.spyOn(console, 'log').mockImplementation((line: string) => void logLines.push(line));
  jest.spyOn(console, 'error').mockImplementation((line: string) => void logLines.push(line));
});

afterEach(() => jest.restoreAllMocks());

/** Reads the object from the bucket as Rekognition would, and rejects a JPEG cut short. */
async function fakeRekognition(input: DetectLabelsCommandInput) {
  const object = await s3.send(new GetObjectCommand({ Bucket: input.Image?.S3Object?.Bucket, Key: input.Image?.S3Object?.Name }));
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const endsWithEndOfImage = bytes.at(-2) === 0xff && bytes.at(-1) === 0xd9;
  if (isJpeg && !endsWithEndOfImage) throw new InvalidImageFormatException({ message: 'Request has invalid image format', $metadata: { httpStatusCode: 400 } });
  return detectLabelsResponse;
}

async function requestUpload(fileName: string, contentType: string, size: number) {
  const response = await handlers.generateUploadUrl(apiEvent('/generate-upload-url', { fileName, contentType, size }), context);
  expect(response.statusCode).toBe(200);
  return responseBody(response) as { key: string; upload: { url: string; fields: Record<string, string> } };
}

/** What a browser does with the upload form: every field, then the file, last. */
async function postForm(upload: { url: string; fields: Record<string, string> }, bytes: Buffer, contentType: string): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'upload');
  return fetch(upload.url, { method: 'POST', body: form });
}

async function uploadViaForm(fileName: string, bytes: Buffer, contentType: string): Promise<string> {
  const { key, upload } = await requestUpload(fileName, contentType, bytes.length);
  expect((await postForm(upload, bytes, contentType)).status).toBe(204);
  return key;
}

/** S3's event for the object under `key` now, or (`eTag`) for an object that was there before. */
async function processUpload(key: string, eTag?: string) {
  const head = await s3.send(new HeadObjectCommand({ Bucket: UPLOAD_BUCKET, Key: key }));
  return handlers.processImageUpload(objectCreatedEvent({ bucket: UPLOAD_BUCKET, key, size: head.ContentLength ?? 0, eTag: eTag ?? head.ETag ?? '' }), context);
}

async function askForLabels(body: unknown): Promise<APIGatewayProxyResult> {
  return handlers.detectLabels(apiEvent('/detect-labels', body), context);
}

async function storedItem(key: string) {
  return (await documents.send(new GetCommand({ TableName: TABLE_NAME, Key: { imageKey: key }, ConsistentRead: true }))).Item;
}

describe('the handlers against s3rver and dynalite', () => {
  test('a photo posted with the upload form is analysed, and detect-labels returns its labels', async () => {
    const photo = readFixture('chelsea.jpg');
    const { key, upload } = await requestUpload('chelsea.jpg', 'image/jpeg', photo.length);

    expect(upload.url).toBe(`${s3Server.endpoint}/${UPLOAD_BUCKET}`);
    expect((await postForm(upload, photo, 'image/jpeg')).status).toBe(204);
    const head = await s3.send(new HeadObjectCommand({ Bucket: UPLOAD_BUCKET, Key: key }));
    expect(head).toMatchObject({ ContentType: 'image/jpeg', ContentLength: photo.length, Metadata: { 'original-name': 'chelsea.jpg' } });
    expect(responseBody(await askForLabels({ key }))).toEqual({ key, status: 'awaiting-upload' });

    await processUpload(key);

    const answer = await askForLabels({ key });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers).toMatchObject({ 'Access-Control-Allow-Origin': SITE_ORIGIN, Vary: 'Origin' });
    expect(responseBody(answer)).toEqual({ key, status: 'done', labels: expectedLabels, processedAt: expect.any(String) });
    expect(await storedItem(key)).toMatchObject({ originalName: 'chelsea.jpg', labelModelVersion: '3.0', size: photo.length });
    expect(snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      { TopicArn: TOPIC_ARN, Subject: 'Image analysed: Mobile Phone, Person', Message: expect.stringContaining('"chelsea.jpg" has been analysed.') },
    ]);
  });

  test('the same event delivered twice, even at once, is analysed once and e-mailed once', async () => {
    const key = await uploadViaForm('coffee.png', readFixture('coffee.png'), 'image/png');

    await Promise.all([processUpload(key), processUpload(key)]);
    await processUpload(key);

    expect(rekognitionMock.commandCalls(DetectLabelsCommand)).toHaveLength(1);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    expect(responseBody(await askForLabels({ key })).status).toBe('done');
  });

  test('an event retried after throttling is analysed by the retry', async () => {
    const key = await uploadViaForm('astronaut.jpg', readFixture('astronaut.jpg'), 'image/jpeg');
    rekognitionMock.on(DetectLabelsCommand).rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })).callsFake(fakeRekognition);

    await expect(processUpload(key)).rejects.toThrow(processImageUpload.RetryLaterError);
    expect(responseBody(await askForLabels({ key })).status).toBe('processing');
    await processUpload(key);

    expect(responseBody(await askForLabels({ key })).status).toBe('done');
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  test('an object put in uploads/ by other means, its key with a space and a non-ASCII letter, is analysed under its decoded key', async () => {
    const key = 'uploads/Chelsea the cat é.jpg';
    await s3.send(new PutObjectCommand({ Bucket: UPLOAD_BUCKET, Key: key, Body: readFixture('chelsea.jpg'), ContentType: 'image/jpeg' }));
    const event = objectCreatedEvent({ bucket: UPLOAD_BUCKET, key, size: 27273, eTag: 'e' });
    expect(event.Records[0].s3.object.key).toBe('uploads/Chelsea+the+cat+%C3%A9.jpg');

    await handlers.processImageUpload(event, context);

    expect(await storedItem(key)).toMatchObject({ status: 'done', labels: expectedLabels, createdAt: expect.any(String), expiresAt: expect.any(Number) });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  test.each([
    ['a zero-byte object', 'EMPTY_FILE', async () => putObject('image/jpeg', Buffer.alloc(0))],
    ['a text file saved as .jpg', 'NOT_AN_IMAGE', async () => uploadViaForm('notes.jpg', Buffer.from('These are my notes, not a photo.\n'), 'image/jpeg')],
    ['a truncated JPEG', 'INVALID_IMAGE_FORMAT', async () => uploadViaForm('cut.jpg', readFixture('coffee.jpg').subarray(0, 20_000), 'image/jpeg')],
    ['a PNG over the Rekognition limit', 'FILE_TOO_LARGE', async () => putObject('image/png', pngOfSize(15_000_001))],
  ])('%s ends as a failed item with code %s, shown by detect-labels, with no e-mail', async (_case, code, upload) => {
    const key = await upload();

    await expect(processUpload(key)).resolves.toBeUndefined();

    const answer = await askForLabels({ key });
    expect(answer.statusCode).toBe(200);
    expect(responseBody(answer)).toEqual({ key, status: 'failed', error: { code, message: expect.any(String) }, processedAt: expect.any(String) });
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('an event with several records, one bad and one outside uploads/, handles each on its own', async () => {
    const good = await uploadViaForm('chelsea.jpg', readFixture('chelsea.jpg'), 'image/jpeg');
    const bad = await putObject('image/jpeg', Buffer.alloc(0));
    const records = [good, bad, 'site/index.html'].flatMap((key) => objectCreatedEvent({ bucket: UPLOAD_BUCKET, key, size: 1, eTag: 'e' }).Records);

    await handlers.processImageUpload({ Records: records }, context);

    expect((await storedItem(good))?.status).toBe('done');
    expect((await storedItem(bad))?.error?.code).toBe('EMPTY_FILE');
    expect(await storedItem('site/index.html')).toBeUndefined();
  });

  test.each([
    ['a body that is not JSON', 400, 'INVALID_JSON', 'not json'],
    ['a key outside uploads/', 400, 'INVALID_KEY', { key: 'site/index.html' }],
    ['a key with ..', 400, 'INVALID_KEY', { key: 'uploads/../site/index.html' }],
    ['a URL-encoded key', 400, 'INVALID_KEY', { key: 'uploads%2F..%2Fsite%2Findex.html' }],
    ['a key never issued', 404, 'KEY_NOT_FOUND', { key: 'uploads/00000000-0000-4000-8000-000000000000.jpg' }],
    ['a bucket that is not ours', 400, 'UNKNOWN_BUCKET', { key: 'uploads/00000000-0000-4000-8000-000000000000.jpg', bucket: 'other' }],
  ])('detect-labels answers %s with %i %s and CORS headers', async (_case, status, code, body) => {
    const answer = await askForLabels(body);

    expect(answer.statusCode).toBe(status);
    expect(answer.headers).toMatchObject({ 'Access-Control-Allow-Origin': SITE_ORIGIN, 'Content-Type': 'application/json' });
    expect(responseBody(answer).error.code).toBe(code);
  });

  test.each([
    ['an unknown content type', 400, 'UNSUPPORTED_CONTENT_TYPE', { fileName: 'a.gif', contentType: 'image/gif', size: 10 }],
    ['a size over the limit', 413, 'FILE_TOO_LARGE', { fileName: 'a.jpg', contentType: 'image/jpeg', size: 20_000_000 }],
    ['a file name with a path', 400, 'INVALID_FILE_NAME', { fileName: '../a.jpg', contentType: 'image/jpeg', size: 10 }],
  ])('generate-upload-url answers %s with %i %s and writes no item', async (_case, status, code, body) => {
    const before = await countItems();

    const answer = await handlers.generateUploadUrl(apiEvent('/generate-upload-url', body), context);

    expect(answer.statusCode).toBe(status);
    expect(responseBody(answer).error.code).toBe(code);
    expect(await countItems()).toBe(before);
  });

  test("the day's count is exact under 50 concurrent requests: the limit's worth are issued, the rest refused, and only they are recorded", async () => {
    const day = new Date('2031-01-01T10:00:00.000Z');
    const limited = generateUploadUrl.getHandler({
      ...generateUploadUrl.defaultDeps(),
      env: { ...generateUploadUrl.defaultDeps().env, DAILY_UPLOAD_LIMIT: 30 },
      now: () => day,
      metric: () => undefined,
    });
    const before = await countItems();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) => limited(apiEvent('/generate-upload-url', { fileName: `photo-${index}.jpg`, contentType: 'image/jpeg', size: 1000 }), context)),
    );
    expect(answers.filter((answer) => answer.statusCode === 200)).toHaveLength(30);
    expect(answers.filter((answer) => answer.statusCode === 429)).toHaveLength(20);
    expect((await storedItem('#daily-uploads/2031-01-01'))?.uploads).toBe(30);
    // 30 images awaiting upload, and the day's counter.
    expect((await countItems()) - before).toBe(31);
  });

  test('an object replaced after its analysis (the form used again) is not analysed: the upload fails with OBJECT_REPLACED, one DetectLabels in all', async () => {
    const photo = readFixture('chelsea.jpg');
    const key = await uploadViaForm('chelsea.jpg', photo, 'image/jpeg');
    await processUpload(key);
    const first = await storedItem(key);
    expect(first).toMatchObject({ status: 'done', objectETag: expect.any(String) });

    await s3.send(new PutObjectCommand({ Bucket: UPLOAD_BUCKET, Key: key, Body: readFixture('coffee.jpg'), ContentType: 'image/jpeg' }));
    await processUpload(key);
    const second = await storedItem(key);
    expect(second).toMatchObject({ status: 'failed', error: { code: 'OBJECT_REPLACED' }, objectETag: first?.objectETag });
    expect(second?.labels).toBeUndefined();
    expect(rekognitionMock.commandCalls(DetectLabelsCommand)).toHaveLength(1);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);

    // S3 delivers at least once: the first object's event again changes nothing.
    await processUpload(key, first?.objectETag);
    expect(await storedItem(key)).toMatchObject({ status: 'failed', error: { code: 'OBJECT_REPLACED' } });
    expect(rekognitionMock.commandCalls(DetectLabelsCommand)).toHaveLength(1);
  });

  test('every log line is one JSON object with level, message, request id and time', async () => {
    await requestUpload('chelsea.jpg', 'image/jpeg', 27273);

    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(JSON.parse(line)).toMatchObject({ level: expect.any(String), message: expect.any(String), requestId: 'integration-request', time: expect.any(String) });
    }
  });
});

let putCount = 0;
async function putObject(contentType: string, body: Buffer): Promise<string> {
  const key = `uploads/00000000-0000-4000-8000-${String(++putCount).padStart(12, '0')}.${contentType === 'image/png' ? 'png' : 'jpg'}`;
  await s3.send(new PutObjectCommand({ Bucket: UPLOAD_BUCKET, Key: key, Body: body, ContentType: contentType }));
  return key;
}

function pngOfSize(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
}

async function countItems(): Promise<number> {
  return (await documents.send(new ScanCommand({ TableName: TABLE_NAME, Select: 'COUNT' }))).Count ?? 0;
}
