import {
  DetectFacesCommand,
  DetectLabelsCommand,
  ImageTooLargeException,
  InvalidImageFormatException,
  InvalidS3ObjectException,
  RekognitionClient,
  RekognitionServiceException,
} from '@aws-sdk/client-rekognition';
import { startRekognitionServer, type RekognitionServer } from '../../scripts/local/rekognition/server';
import { INFERENCE_TIMEOUT_MS, MODEL_LOAD_TIMEOUT_MS, readFixture } from './support/rekognition-fixtures';

jest.setTimeout(INFERENCE_TIMEOUT_MS);

const BUCKET = 'uploads-bucket';
const objects = new Map<string, () => Buffer>([
  ['uploads/astronaut.jpg', () => readFixture('astronaut.jpg')],
  ['uploads/chelsea.jpg', () => readFixture('chelsea.jpg')],
  ['uploads/huge.jpg', () => Buffer.alloc(15 * 1024 * 1024 + 1)],
]);

async function readObject(bucket: string, key: string): Promise<Buffer> {
  const object = bucket === BUCKET ? objects.get(key) : undefined;
  if (!object) throw Object.assign(new Error(`no object s3://${bucket}/${key}`), { name: 'NoSuchKey' });
  return object();
}

let server: RekognitionServer;
let client: RekognitionClient;
const log = jest.fn<void, [string]>();

beforeAll(async () => {
  server = await startRekognitionServer({ port: 0, host: '127.0.0.1', readObject, log, preloadModel: true });
  await server.modelLoaded();
  client = new RekognitionClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}, MODEL_LOAD_TIMEOUT_MS);

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

beforeEach(() => log.mockClear());

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('local Rekognition endpoint, called through @aws-sdk/client-rekognition', () => {
  it('answers DetectLabels on Image.Bytes', async () => {
    const result = await client.send(new DetectLabelsCommand({ Image: { Bytes: readFixture('astronaut.jpg') } }));

    expect(result.LabelModelVersion).toBe('local-centernet-coco-1');
    expect(result.Labels?.[0]).toMatchObject({ Name: 'Person', Aliases: [], Parents: [] });
    expect(result.Labels?.[0].Instances?.[0].BoundingBox?.Width).toBeGreaterThan(0);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/DetectLabels bytes:53187 200 Person/);
  });

  it('answers DetectLabels on an S3Object through the injected readObject', async () => {
    const result = await client.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: BUCKET, Name: 'uploads/astronaut.jpg' } } }));

    expect(result.Labels?.map((label) => label.Name)).toContain('Person');
    expect(log.mock.calls[0][0]).toContain(`s3://${BUCKET}/uploads/astronaut.jpg 200`);
  });

  it('honours MaxLabels and MinConfidence', async () => {
    const image = { S3Object: { Bucket: BUCKET, Name: 'uploads/chelsea.jpg' } };

    const all = await client.send(new DetectLabelsCommand({ Image: image, MinConfidence: 30 }));
    const two = await client.send(new DetectLabelsCommand({ Image: image, MinConfidence: 30, MaxLabels: 2 }));
    const none = await client.send(new DetectLabelsCommand({ Image: image, MinConfidence: 95 }));

    expect(all.Labels?.length).toBeGreaterThan(2);
    expect(two.Labels).toEqual(all.Labels?.slice(0, 2));
    expect(none.Labels).toEqual([]);
  });

  it('rejects a text file with InvalidImageFormatException', async () => {
    const error = await rejectionOf(client.send(new DetectLabelsCommand({ Image: { Bytes: readFixture('LICENSES.md') } })));

    expect(error).toBeInstanceOf(InvalidImageFormatException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
    expect(log.mock.calls[0][0]).toContain('400 InvalidImageFormatException');
  });

  it('rejects a truncated JPEG with InvalidImageFormatException', async () => {
    const truncated = readFixture('coffee.jpg').subarray(0, 30_000);

    const error = await rejectionOf(client.send(new DetectLabelsCommand({ Image: { Bytes: truncated } })));

    expect(error).toBeInstanceOf(InvalidImageFormatException);
  });

  it('rejects a missing S3 object with InvalidS3ObjectException', async () => {
    const error = await rejectionOf(client.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: BUCKET, Name: 'uploads/missing.jpg' } } })));

    expect(error).toBeInstanceOf(InvalidS3ObjectException);
    expect(log.mock.calls[0][0]).toContain('NoSuchKey');
  });

  it('rejects images over the size limits with ImageTooLargeException', async () => {
    const tooManyBytes = Buffer.alloc(5 * 1024 * 1024 + 1);

    const fromBytes = await rejectionOf(client.send(new DetectLabelsCommand({ Image: { Bytes: tooManyBytes } })));
    const fromS3 = await rejectionOf(client.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: BUCKET, Name: 'uploads/huge.jpg' } } })));

    expect(fromBytes).toBeInstanceOf(ImageTooLargeException);
    expect(fromS3).toBeInstanceOf(ImageTooLargeException);
  });

  it('answers any other operation with UnknownOperationException', async () => {
    const error = await rejectionOf(client.send(new DetectFacesCommand({ Image: { Bytes: readFixture('astronaut.jpg') } })));

    expect(error).toBeInstanceOf(RekognitionServiceException);
    expect(error).toMatchObject({ name: 'UnknownOperationException' });
    expect(log.mock.calls[0][0]).toContain('DetectFaces');
  });
});
