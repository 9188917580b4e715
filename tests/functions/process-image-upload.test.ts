import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  AccessDeniedException,
  DetectLabelsCommand,
  ImageTooLargeException,
  InternalServerError,
  InvalidImageFormatException,
  InvalidParameterException,
  ProvisionedThroughputExceededException,
  RekognitionClient,
  ThrottlingException,
} from '@aws-sdk/client-rekognition';
import { GetObjectCommand, HeadObjectCommand, NotFound, S3Client, S3ServiceException, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { getHandler, RetryLaterError } from '../../functions/process-image-upload';
import type { ImageItem } from '../../functions/shared/results-table';
import { capturedLogger } from './support/captured-logger';
import { detectLabelsResponse, expectedLabels } from './support/detect-labels-response';
import { environments, SITE_ORIGIN, TOPIC_ARN, UPLOAD_BUCKET } from './support/environments';
import { JPEG_START, PNG_START, TEXT_START } from './support/image-bytes';

const region = 'us-east-1';
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
const s3 = new S3Client({ region, credentials });
const rekognition = new RekognitionClient({ region, credentials });
const sns = new SNSClient({ region, credentials });
const table = DynamoDBDocumentClient.from(new DynamoDBClient({ region, credentials }));
const s3Mock = mockClient(s3);
const rekognitionMock = mockClient(rekognition);
const snsMock = mockClient(sns);
const tableMock = mockClient(table);

const NOW = new Date('2025-03-04T05:06:07.000Z');
const KEY = 'uploads/0b6f3a52-3c1e-4d1a-9a43-2f6f1c9e8d7a.jpg';
const OTHER_KEY = 'uploads/5d1c9a0e-7f2b-4c3d-8e4f-a0b1c2d3e4f5.png';
const context = { awsRequestId: 'lambda-request-1', getRemainingTimeInMillis: () => 25_000 };

function setup() {
  const { logger, lines } = capturedLogger();
  const handler = getHandler({ env: environments['process-image-upload'], s3, rekognition, sns, table, now: () => NOW, newId: () => 'claim-1', logger });
  return { handler, lines };
}

function record(key: string, fields: { bucket?: string; eventName?: string } = {}): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: NOW.toISOString(),
    eventName: fields.eventName ?? 'ObjectCreated:Post',
    userIdentity: { principalId: 'AWS:AROAEXAMPLE' },
    requestParameters: { sourceIPAddress: '203.0.113.7' },
    responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'process-image-upload',
      bucket: { name: fields.bucket ?? UPLOAD_BUCKET, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${fields.bucket ?? UPLOAD_BUCKET}` },
      object: { key, size: 27273, eTag: '0123456789abcdef0123456789abcdef', sequencer: '0A1B2C3D4E5F678901' },
    },
  };
}

function s3Event(...records: S3EventRecord[]): S3Event {
  return { Records: records };
}

function body(bytes: Uint8Array): GetObjectCommandOutput['Body'] {
  return { transformToByteArray: async () => bytes } as unknown as GetObjectCommandOutput['Body'];
}

function doneItem(key = KEY): ImageItem {
  return {
    imageKey: key,
    status: 'done',
    originalName: 'chelsea.jpg',
    labels: expectedLabels,
    labelModelVersion: '3.0',
    processedAt: NOW.toISOString(),
    createdAt: NOW.toISOString(),
    expiresAt: 1,
    notifiedAt: NOW.toISOString(),
  };
}

const updates = () => tableMock.commandCalls(UpdateCommand).map((call) => call.args[0].input);
const values = (input: UpdateCommandInput) => input.ExpressionAttributeValues ?? {};
const claims = () => updates().filter((input) => values(input)[':status'] === 'processing');
const outcomes = () => updates().filter((input) => ['done', 'failed'].includes(values(input)[':status']));
const releases = () => updates().filter((input) => values(input)[':processingUntil'] === 0);
const failedCodes = () => outcomes().map((input) => values(input)[':error']?.code);
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => {
  s3Mock.reset();
  rekognitionMock.reset();
  snsMock.reset();
  tableMock.reset();
  s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 27273, ContentType: 'image/jpeg' });
  s3Mock.on(GetObjectCommand).resolves({ Body: body(JPEG_START) });
  rekognitionMock.on(DetectLabelsCommand).resolves(detectLabelsResponse);
  tableMock.on(UpdateCommand).resolves({});
  // The notification claim succeeds only for an image the outcome write made `done`.
  tableMock.on(UpdateCommand, { ReturnValues: 'ALL_NEW' }).callsFake((input: UpdateCommandInput) => {
    const done = outcomes().some((outcome) => outcome.Key?.imageKey === input.Key?.imageKey && values(outcome)[':status'] === 'done');
    if (!done) throw conditionFailed();
    return { Attributes: doneItem(input.Key?.imageKey) };
  });
  snsMock.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

describe('process-image-upload', () => {
  test('claims the image, asks Rekognition for its labels, records them and notifies once', async () => {
    const { handler } = setup();

    await handler(s3Event(record(KEY)), context);

    expect(s3Mock.commandCalls(HeadObjectCommand)[0].args[0].input).toEqual({ Bucket: UPLOAD_BUCKET, Key: KEY });
    expect(s3Mock.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({ Bucket: UPLOAD_BUCKET, Key: KEY, Range: 'bytes=0-7' });
    expect(rekognitionMock.commandCalls(DetectLabelsCommand)[0].args[0].input).toEqual({
      Image: { S3Object: { Bucket: UPLOAD_BUCKET, Name: KEY } },
      MaxLabels: 10,
      MinConfidence: 70,
    });
    expect(claims()).toHaveLength(1);
    expect(claims()[0].ConditionExpression).toContain('attribute_not_exists(#imageKey)');
    expect(values(claims()[0])).toMatchObject({ ':claimId': 'claim-1', ':processingUntil': NOW.getTime() + 25_000 });
    expect(outcomes()).toHaveLength(1);
    expect(values(outcomes()[0])).toEqual({
      ':status': 'done',
      ':labels': expectedLabels,
      ':labelModelVersion': '3.0',
      ':contentType': 'image/jpeg',
      ':size': 27273,
      ':processedAt': NOW.toISOString(),
      ':claimId': 'claim-1',
    });
    expect(outcomes()[0].UpdateExpression).toContain('REMOVE #claimId, #processingUntil');
    const published = snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(published).toEqual([{ TopicArn: TOPIC_ARN, Subject: 'Image analysed: Mobile Phone, Person', Message: expect.stringContaining(`${SITE_ORIGIN}/`) }]);
    expect(published[0].Message).toContain('- Mobile Phone: 99.9%');
  });

  test('decodes the key as S3 encodes it: + for a space, %-escapes for the rest', async () => {
    const { handler } = setup();

    await handler(s3Event(record('uploads/my+photo+%C3%A9t%C3%A9+%2B1.jpg')), context);

    expect(s3Mock.commandCalls(HeadObjectCommand)[0].args[0].input.Key).toBe('uploads/my photo été +1.jpg');
    expect(claims()[0].Key).toEqual({ imageKey: 'uploads/my photo été +1.jpg' });
  });

  test('analyses a PNG', async () => {
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 442320, ContentType: 'image/png' });
    s3Mock.on(GetObjectCommand).resolves({ Body: body(PNG_START) });
    const { handler } = setup();

    await handler(s3Event(record(OTHER_KEY)), context);

    expect(values(outcomes()[0])[':status']).toBe('done');
  });

  test.each([
    ['outside uploads/', record('site/index.html')],
    ['a folder marker', record('uploads/')],
    ['with .. in its key', record('uploads/../site/index.html')],
    ['with URL-encoded .. in its key', record('uploads/%2E%2E/site/index.html')],
    ['in another bucket', record(KEY, { bucket: 'someone-elses-bucket' })],
    ['a deletion', record(KEY, { eventName: 'ObjectRemoved:Delete' })],
    ['with broken %-encoding', record('uploads/%E0%A4%A.jpg')],
    ['not an S3 record at all', { eventSource: 'aws:sqs', body: '{}' } as unknown as S3EventRecord],
  ])('ignores a record %s without touching AWS', async (_case, ignored) => {
    const { handler, lines } = setup();

    await handler(s3Event(ignored), context);

    expect(tableMock.calls()).toHaveLength(0);
    expect(s3Mock.calls()).toHaveLength(0);
    expect(lines).toEqual([expect.objectContaining({ level: 'info', message: 'record ignored', reason: expect.any(String) })]);
  });

  test('accepts an event with no records', async () => {
    const { handler } = setup();

    await expect(handler({} as S3Event, context)).resolves.toBeUndefined();
  });

  test.each([
    ['a zero-byte object', { ContentLength: 0, ContentType: 'image/jpeg' }, 'EMPTY_FILE'],
    ['an object over the upload limit', { ContentLength: 10485761, ContentType: 'image/jpeg' }, 'FILE_TOO_LARGE'],
    ['a PNG over the Rekognition limit', { ContentLength: 15_000_001, ContentType: 'image/png' }, 'FILE_TOO_LARGE'],
    ['an object that is not an image type', { ContentLength: 12, ContentType: 'text/plain' }, 'UNSUPPORTED_CONTENT_TYPE'],
    ['an object with no type', { ContentLength: 12 }, 'UNSUPPORTED_CONTENT_TYPE'],
  ])('records %s as failed without calling Rekognition, and sends nothing', async (_case, head, code) => {
    s3Mock.on(HeadObjectCommand).resolves(head);
    const { handler } = setup();

    await handler(s3Event(record(KEY)), context);

    expect(failedCodes()).toEqual([code]);
    expect(rekognitionMock.calls()).toHaveLength(0);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('records a text file saved as .jpg as not an image, without calling Rekognition', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: body(TEXT_START) });
    const { handler } = setup();

    await handler(s3Event(record(KEY)), context);

    expect(failedCodes()).toEqual(['NOT_AN_IMAGE']);
    expect(rekognitionMock.calls()).toHaveLength(0);
  });

  test('records an upload deleted before analysis as missing', async () => {
    s3Mock.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));
    const { handler } = setup();

    await handler(s3Event(record(KEY)), context);

    expect(failedCodes()).toEqual(['OBJECT_MISSING']);
  });

  test.each([
    ['InvalidImageFormatException (a truncated JPEG)', new InvalidImageFormatException({ message: 'Request has invalid image format', $metadata: {} }), 'INVALID_IMAGE_FORMAT'],
    ['ImageTooLargeException', new ImageTooLargeException({ message: 'Image size is too large', $metadata: {} }), 'IMAGE_TOO_LARGE'],
    ['InvalidParameterException', new InvalidParameterException({ message: 'Image too small', $metadata: {} }), 'INVALID_IMAGE'],
    ['AccessDeniedException (unexplained)', new AccessDeniedException({ message: 'denied', $metadata: {} }), 'PROCESSING_ERROR'],
  ])('records Rekognition %s as failed, without a retry or an e-mail', async (_case, error, code) => {
    rekognitionMock.on(DetectLabelsCommand).rejects(error);
    const { handler } = setup();

    await expect(handler(s3Event(record(KEY)), context)).resolves.toBeUndefined();

    expect(failedCodes()).toEqual([code]);
    expect(releases()).toHaveLength(0);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test.each([
    ['Rekognition ThrottlingException', () => rekognitionMock.on(DetectLabelsCommand).rejects(new ThrottlingException({ message: 'slow down', $metadata: {} }))],
    [
      'Rekognition ProvisionedThroughputExceededException',
      () => rekognitionMock.on(DetectLabelsCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} })),
    ],
    ['Rekognition InternalServerError', () => rekognitionMock.on(DetectLabelsCommand).rejects(new InternalServerError({ message: 'oops', $metadata: {} }))],
    [
      'an S3 503',
      () =>
        s3Mock
          .on(HeadObjectCommand)
          .rejects(new S3ServiceException({ name: 'ServiceUnavailable', $fault: 'server', message: 'busy', $metadata: { httpStatusCode: 503 } })),
    ],
  ])('after %s, releases the claim, records nothing and throws so that Lambda retries', async (_case, arrange) => {
    arrange();
    const { handler } = setup();

    await expect(handler(s3Event(record(KEY)), context)).rejects.toBeInstanceOf(RetryLaterError);

    expect(outcomes()).toHaveLength(0);
    expect(releases()).toEqual([expect.objectContaining({ Key: { imageKey: KEY }, ConditionExpression: '#claimId = :claimId' })]);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('processes every record when one is throttled, then throws for the retry', async () => {
    rekognitionMock
      .on(DetectLabelsCommand, { Image: { S3Object: { Bucket: UPLOAD_BUCKET, Name: KEY } } })
      .rejects(new ThrottlingException({ message: 'slow down', $metadata: {} }));
    const { handler } = setup();

    await expect(handler(s3Event(record(KEY), record('site/x.jpg'), record(OTHER_KEY)), context)).rejects.toThrow('1 record(s)');

    expect(outcomes().map((input) => [input.Key?.imageKey, values(input)[':status']])).toEqual([[OTHER_KEY, 'done']]);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  test('processes every record when one is bad, and does not ask for a retry', async () => {
    s3Mock.on(HeadObjectCommand, { Key: KEY }).resolves({ ContentLength: 0, ContentType: 'image/jpeg' });
    const { handler } = setup();

    await handler(s3Event(record(KEY), record(OTHER_KEY)), context);

    expect(outcomes().map((input) => [input.Key?.imageKey, values(input)[':status']])).toEqual([
      [KEY, 'failed'],
      [OTHER_KEY, 'done'],
    ]);
  });

  test('does nothing for an image that another delivery has claimed or finished', async () => {
    tableMock.on(UpdateCommand).rejects(conditionFailed());
    const { handler } = setup();

    await handler(s3Event(record(KEY)), context);

    expect(s3Mock.calls()).toHaveLength(0);
    expect(rekognitionMock.calls()).toHaveLength(0);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('when SNS is throttled, gives the notification back and throws so that the retry sends it', async () => {
    snsMock.on(PublishCommand).rejects(new ThrottledException({ message: 'slow down', $metadata: {} }));
    const { handler } = setup();

    await expect(handler(s3Event(record(KEY)), context)).rejects.toBeInstanceOf(RetryLaterError);

    const releasedNotification = updates().find((input) => input.UpdateExpression === 'REMOVE #notifiedAt');
    expect(releasedNotification).toMatchObject({ ConditionExpression: '#notifiedAt = :notifiedAt', ExpressionAttributeValues: { ':notifiedAt': NOW.toISOString() } });
    expect(values(outcomes()[0])[':status']).toBe('done');
  });

  test('logs JSON lines carrying the request id and the key', async () => {
    const { handler, lines } = setup();

    await handler(s3Event(record(KEY)), context);

    expect(lines.map((line) => line.message)).toEqual(['image analysed', 'notification sent']);
    for (const line of lines) expect(line).toMatchObject({ level: 'info', key: KEY, requestId: 'lambda-request-1', time: expect.any(String) });
  });
});
