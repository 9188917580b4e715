import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';
import type { S3Event } from 'aws-lambda';
import { watchObjectCreated } from '../../scripts/local/s3/notifications';
import { startPrivateS3rver, type PrivateS3rver } from '../../scripts/local/s3/private-s3rver';
import { allowAccessKey } from '../../scripts/local/s3/s3rver-credentials';
import { startUploadGate, type UploadGate } from '../../scripts/local/s3/upload-gate';
import { readFixture } from '../support/fixtures';

const REGION = 'us-east-1';
const BUCKET = 'rekog-uploads-local';
const SITE_ORIGIN = 'http://127.0.0.1:5173';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local-secret' };
const MAX_BYTES = 10 * 1024 * 1024;
const CORS_CONFIGURATION = `<CORSConfiguration><CORSRule>
  <AllowedOrigin>${SITE_ORIGIN}</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>PUT</AllowedMethod>
  <AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;

const photo = readFixture('chelsea.jpg');
const directory = mkdtempSync(path.join(tmpdir(), 's3-gate-'));
const events: S3Event[] = [];
const log = jest.fn<void, [string]>();
let s3rver: PrivateS3rver;
let gate: UploadGate;
let client: S3Client;
let stopWatching: () => Promise<void>;

beforeAll(async () => {
  s3rver = await startPrivateS3rver({ directory, configureBuckets: [{ name: BUCKET, configs: [CORS_CONFIGURATION] }] });
  allowAccessKey(CREDENTIALS.accessKeyId, CREDENTIALS.secretAccessKey);
  gate = await startUploadGate({
    port: 0,
    host: '127.0.0.1',
    s3rverAgent: s3rver.agent,
    secretFor: (accessKeyId) => (accessKeyId === CREDENTIALS.accessKeyId ? CREDENTIALS.secretAccessKey : undefined),
    region: REGION,
    log,
  });
  stopWatching = watchObjectCreated(s3rver.s3rver, { bucket: BUCKET, prefix: 'uploads/', region: REGION, deliver: (event) => events.push(event), log });
  client = new S3Client({ endpoint: gate.url, forcePathStyle: true, region: REGION, credentials: CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED' });
});

afterAll(async () => {
  await stopWatching();
  client.destroy();
  await gate.close();
  await s3rver.close();
  rmSync(directory, { recursive: true, force: true });
});

beforeEach(() => {
  events.length = 0;
});

/** A presigned POST shaped like the app's: exact key, one content type, a byte range. */
function presign(key: string, options: { expires?: number; maxBytes?: number } = {}): Promise<PresignedPost> {
  return createPresignedPost(client, {
    Bucket: BUCKET,
    Key: key,
    Conditions: [
      ['eq', '$Content-Type', 'image/jpeg'],
      ['content-length-range', 1, options.maxBytes ?? MAX_BYTES],
    ],
    Fields: { 'Content-Type': 'image/jpeg' },
    Expires: options.expires ?? 300,
  });
}

/** Posts the form as a browser does: fields in order, the file last, from the site's origin. */
function upload(post: PresignedPost, file: Buffer, fields: Record<string, string> = post.fields): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file)], { type: 'image/jpeg' }), 'photo.jpg');
  return fetch(post.url, { method: 'POST', body: form, headers: { Origin: SITE_ORIGIN } });
}

async function s3ErrorOf(response: Response): Promise<{ code?: string; message?: string; body: string }> {
  const body = await response.text();
  return { code: /<Code>(.*?)<\/Code>/.exec(body)?.[1], message: /<Message>(.*?)<\/Message>/.exec(body)?.[1], body };
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'NotFound') return false;
    throw error;
  }
}

const newKey = () => `uploads/${randomUUID()}.jpg`;

describe('a valid presigned POST', () => {
  test('stores the photo, answers 204 with CORS headers, and emits one S3-exact event', async () => {
    const key = newKey();
    const response = await upload(await presign(key), photo);

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    const md5 = createHash('md5').update(photo).digest('hex');
    expect(response.headers.get('etag')).toBe(`"${md5}"`);
    const stored = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(stored.ContentType).toBe('image/jpeg');
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(photo)).toBe(true);
    expect(events).toHaveLength(1);
    const [record] = events[0].Records;
    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: REGION,
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      eventName: 'ObjectCreated:Post',
      userIdentity: { principalId: expect.any(String) },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': expect.stringMatching(/^[0-9A-F]{16}$/), 'x-amz-id-2': expect.any(String) },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: expect.any(String),
        bucket: { name: BUCKET, ownerIdentity: { principalId: expect.any(String) }, arn: `arn:aws:s3:::${BUCKET}` },
        object: { key, size: photo.length, eTag: md5, sequencer: expect.stringMatching(/^[0-9A-F]+$/) },
      },
    });
  });

  test('with a space and an accent in the key, the event carries the key URL-encoded as S3 does', async () => {
    const id = randomUUID();
    const response = await upload(await presign(`uploads/${id} bé.jpg`), photo);

    expect(response.status).toBe(204);
    expect(events.map((event) => event.Records[0].s3.object.key)).toEqual([`uploads/${id}+b%C3%A9.jpg`]);
    expect(await objectExists(`uploads/${id} bé.jpg`)).toBe(true);
  });

  test('answers 201 with a PostResponse document when success_action_status asks for it', async () => {
    const key = newKey();
    const post = await createPresignedPost(client, {
      Bucket: BUCKET,
      Key: key,
      Conditions: [['content-length-range', 1, MAX_BYTES]],
      Fields: { 'Content-Type': 'image/jpeg', success_action_status: '201' },
      Expires: 300,
    });

    const response = await upload(post, photo);

    expect(response.status).toBe(201);
    const body = await response.text();
    expect(body).toContain(`<Bucket>${BUCKET}</Bucket><Key>${key}</Key>`);
    expect(body).toContain(`<Location>${gate.url}/${BUCKET}/${encodeURIComponent(key)}</Location>`);
  });
});

describe('a POST that S3 would refuse', () => {
  const cases: Array<{ name: string; status: number; code: string; message?: RegExp; send: (key: string) => Promise<Response> }> = [
    {
      name: 'a tampered signature',
      status: 403,
      code: 'SignatureDoesNotMatch',
      send: async (key) => {
        const post = await presign(key);
        const signature = post.fields['X-Amz-Signature'];
        return upload(post, photo, { ...post.fields, 'X-Amz-Signature': `${signature.startsWith('0') ? '1' : '0'}${signature.slice(1)}` });
      },
    },
    {
      name: 'an expired policy',
      status: 403,
      code: 'AccessDenied',
      message: /^Invalid according to Policy: Policy expired\.$/,
      send: async (key) => upload(await presign(key, { expires: -60 }), photo),
    },
    {
      name: 'another content type',
      status: 403,
      code: 'AccessDenied',
      message: /^Invalid according to Policy: Policy Condition failed: \["eq", "\$Content-Type", "image\/jpeg"\]$/,
      send: async (key) => {
        const post = await presign(key);
        return upload(post, photo, { ...post.fields, 'Content-Type': 'image/png' });
      },
    },
    {
      name: 'a file larger than content-length-range',
      status: 400,
      code: 'EntityTooLarge',
      send: async (key) => upload(await presign(key, { maxBytes: 1000 }), photo),
    },
    {
      name: 'another key',
      status: 403,
      code: 'AccessDenied',
      message: /Policy Condition failed: \["eq", "\$key", "uploads\//,
      send: async (key) => {
        const post = await presign(key);
        return upload(post, photo, { ...post.fields, key: `${key}.png` });
      },
    },
    {
      name: 'a field no condition covers',
      status: 403,
      code: 'AccessDenied',
      message: /^Invalid according to Policy: Extra input fields: x-amz-meta-note$/,
      send: async (key) => {
        const post = await presign(key);
        return upload(post, photo, { ...post.fields, 'x-amz-meta-note': 'hello' });
      },
    },
  ];

  test.each(cases)('$name is answered $status $code, stores nothing and emits nothing', async ({ status, code, message, send }) => {
    const key = newKey();

    const response = await send(key);

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    const error = await s3ErrorOf(response);
    expect(error.code).toBe(code);
    if (message) expect(error.message).toMatch(message);
    expect(error.body).toMatch(/<RequestId>[0-9A-F]{16}<\/RequestId><HostId>.+<\/HostId><\/Error>$/);
    expect(await objectExists(key)).toBe(false);
    expect(await objectExists(`${key}.png`)).toBe(false);
    expect(events).toEqual([]);
  });

  test('EntityTooLarge names the proposed and the allowed size', async () => {
    const response = await upload(await presign(newKey(), { maxBytes: 1000 }), photo);

    const { body } = await s3ErrorOf(response);
    expect(body).toContain(`<ProposedSize>${photo.length}</ProposedSize><MaxSizeAllowed>1000</MaxSizeAllowed>`);
  });

  test('a POST to the bucket that is not multipart/form-data is 412 PreconditionFailed', async () => {
    const response = await fetch(`${gate.url}/${BUCKET}`, { method: 'POST', body: 'key=uploads/a.jpg', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });

    expect(response.status).toBe(412);
    expect((await s3ErrorOf(response)).code).toBe('PreconditionFailed');
  });

  test('a body over the gate cap is refused whatever the policy allows', async () => {
    const smallGate = await startUploadGate({ port: 0, s3rverAgent: s3rver.agent, secretFor: () => CREDENTIALS.secretAccessKey, region: REGION, maxBodyBytes: 4096, log });
    try {
      const post = await presign(newKey());
      const response = await upload({ ...post, url: `${smallGate.url}/${BUCKET}` }, photo);

      expect(response.status).toBe(400);
      expect((await s3ErrorOf(response)).body).toContain('<Code>EntityTooLarge</Code>');
      expect(events).toEqual([]);
    } finally {
      await smallGate.close();
    }
  });

  test('an error for an origin the bucket does not allow carries no CORS headers', async () => {
    const post = await presign(newKey(), { expires: -60 });
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(photo)]), 'photo.jpg');

    const response = await fetch(post.url, { method: 'POST', body: form, headers: { Origin: 'http://elsewhere.example' } });

    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('every other request', () => {
  test('a CORS preflight is answered by s3rver from the bucket CORS rules', async () => {
    const response = await fetch(`${gate.url}/${BUCKET}`, {
      method: 'OPTIONS',
      headers: { Origin: SITE_ORIGIN, 'Access-Control-Request-Method': 'POST' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  test('a signed PutObject passes through unchanged and is announced as ObjectCreated:Put', async () => {
    const key = newKey();

    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: photo, ContentType: 'image/jpeg' }));

    expect(await objectExists(key)).toBe(true);
    expect(events.map((event) => event.Records[0].eventName)).toEqual(['ObjectCreated:Put']);
  });
});
