import { randomUUID } from 'node:crypto';
import { settingDefaults } from '../../config/schema';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { LOCAL_CREDENTIALS } from '../../scripts/local/local-paths';
import { analyse, readLabels } from '../support/local-cloud/api-client';
import { rawRequest, sendRaw } from '../support/local-cloud/raw-http';
import { startTestCloud, type TestCloud } from '../support/local-cloud/test-cloud';
import { readFixture } from '../support/fixtures';

jest.setTimeout(30_000);

// Short enough for a test to wait out; the local cloud's default is 30 s.
const HTTP_TIMEOUT_MS = 1_500;

let cloud: TestCloud;
let ports: { site: number; api: number; s3: number };
let bucket: string;
let signed: S3Client;

beforeAll(async () => {
  cloud = await startTestCloud({}, { httpTimeouts: { headersMs: HTTP_TIMEOUT_MS, requestMs: HTTP_TIMEOUT_MS } });
  const port = (url: string) => Number(new URL(url).port);
  ports = { site: port(cloud.siteUrl), api: port(cloud.apiUrl), s3: port(cloud.s3Url) };
  bucket = cloud.outputs.uploadBucket;
  signed = s3Client(LOCAL_CREDENTIALS);
}, 60_000);

afterAll(async () => {
  signed?.destroy();
  await cloud?.close();
});

function s3Client(credentials: { accessKeyId: string; secretAccessKey: string }): S3Client {
  return new S3Client({ endpoint: cloud.s3Url, forcePathStyle: true, region: cloud.outputs.region, credentials, maxAttempts: 1, requestChecksumCalculation: 'WHEN_REQUIRED' });
}

/** The local cloud still serves the page, the API and S3 as before. */
async function expectAlive(): Promise<void> {
  expect((await fetch(cloud.siteUrl)).status).toBe(200);
  expect((await readLabels(cloud.apiUrl, `uploads/${randomUUID()}.jpg`)).status).toBe(404);
  expect((await fetch(`${cloud.s3Url}/${bucket}`, { method: 'OPTIONS', headers: { Origin: cloud.siteUrl.replace(/\/$/, ''), 'Access-Control-Request-Method': 'POST' } })).status).toBe(200);
}

function s3Code(body: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await signed.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'NotFound') return false;
    throw error;
  }
}

describe('a request that used to stop the whole process gets a 4xx in its service format', () => {
  test('GET /%E0 on the site port: 400, plain text', async () => {
    const answer = await sendRaw(ports.site, rawRequest('GET', '/%E0', ports.site));

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    await expectAlive();
  });

  test('POST /%E0 on the S3 port: 400 InvalidURI, S3 XML', async () => {
    const answer = await sendRaw(ports.s3, rawRequest('POST', '/%E0', ports.s3, { 'Content-Type': 'multipart/form-data; boundary=x' }, '--x--\r\n'));

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/xml');
    expect(s3Code(answer.body)).toBe('InvalidURI');
    await expectAlive();
  });

  test('the request line `GET http://[ HTTP/1.1` on the API port: 400, API Gateway JSON', async () => {
    const answer = await sendRaw(ports.api, `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${ports.api}\r\nConnection: close\r\n\r\n`);

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual({ message: expect.any(String) });
    await expectAlive();
  });

  test('a malformed multipart body to POST /<bucket>?x: 400 MalformedPOSTRequest', async () => {
    const body = '--b\r\nContent-Disposition: form-data; name="key"\r\n\r\nuploads/x.jpg\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="a\r\n\r\n';
    const answer = await sendRaw(ports.s3, rawRequest('POST', `/${bucket}?x`, ports.s3, { 'Content-Type': 'multipart/form-data; boundary=b' }, body));

    expect(answer.status).toBe(400);
    expect(s3Code(answer.body)).toBe('MalformedPOSTRequest');
    await expectAlive();
  });
});

describe('the S3 port accepts only what S3 would accept from this app', () => {
  test.each([
    ['PUT of an object', 'PUT', () => `/${bucket}/uploads/${randomUUID()}.html`],
    ['GET of an object', 'GET', () => `/${bucket}/uploads/${randomUUID()}.jpg`],
    ['DELETE of an object', 'DELETE', () => `/${bucket}/uploads/${randomUUID()}.jpg`],
    ['listing of the bucket', 'GET', () => `/${bucket}`],
    ['creation of a bucket', 'PUT', () => `/another-bucket-${randomUUID().slice(0, 8)}`],
    ['deletion of the bucket', 'DELETE', () => `/${bucket}`],
    ['CORS rewrite of the bucket', 'PUT', () => `/${bucket}?cors`],
    ['multi-object delete', 'POST', () => `/${bucket}/uploads/x.jpg?uploads`],
  ])('an unsigned %s is 403 AccessDenied', async (_, method, target) => {
    const body = method === 'PUT' || method === 'POST' ? '<html>not an image</html>' : '';
    const answer = await sendRaw(ports.s3, rawRequest(method, target(), ports.s3, { 'Content-Type': 'text/html' }, body));

    expect(answer.status).toBe(403);
    expect(s3Code(answer.body)).toBe('AccessDenied');
  });

  test('an unsigned PUT stores nothing and starts no analysis', async () => {
    const key = `uploads/${randomUUID()}.jpg`;

    const answer = await fetch(`${cloud.s3Url}/${bucket}/${key}`, { method: 'PUT', body: new Uint8Array(readFixture('chelsea.jpg')), headers: { 'Content-Type': 'image/jpeg' } });

    expect(answer.status).toBe(403);
    expect(await objectExists(key)).toBe(false);
  });

  test('a POST Object with a query string is checked against its policy like any other', async () => {
    const form = new FormData();
    form.append('key', 'outside-uploads/page.html');
    form.append('Content-Type', 'text/html');
    form.append('file', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'page.html');

    const answer = await fetch(`${cloud.s3Url}/${bucket}?x`, { method: 'POST', body: form });

    expect(answer.status).toBe(403);
    expect(s3Code(await answer.text())).toBe('AccessDenied');
    expect(await objectExists('outside-uploads/page.html')).toBe(false);
  });

  test('a signed POST form used with a query string still holds to its policy', async () => {
    const post = await createPresignedPost(signed, {
      Bucket: bucket,
      Key: `uploads/${randomUUID()}.jpg`,
      Conditions: [['eq', '$Content-Type', 'image/jpeg']],
      Fields: { 'Content-Type': 'image/jpeg' },
    });
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...post.fields, key: 'uploads/other.jpg' })) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(readFixture('chelsea.jpg'))], { type: 'image/jpeg' }), 'photo.jpg');

    const answer = await fetch(`${post.url}?x=1`, { method: 'POST', body: form });

    expect(answer.status).toBe(403);
    expect(await objectExists('uploads/other.jpg')).toBe(false);
  });

  test('requests signed with the local credentials pass; a wrong signature is SignatureDoesNotMatch', async () => {
    const key = `uploads/${randomUUID()}.txt`;
    await signed.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'signed', ContentType: 'text/plain' }));
    const object = await signed.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await object.Body?.transformToString()).toBe('signed');

    const forged = s3Client({ accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' });
    try {
      await expect(forged.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
      await expect(forged.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    } finally {
      forged.destroy();
    }
    expect(await objectExists(key)).toBe(true);
  });

  test('an upload from the page still gets its labels', async () => {
    const answer = await analyse(cloud.apiUrl, { fileName: 'chelsea.jpg', contentType: 'image/jpeg', bytes: readFixture('chelsea.jpg') });

    expect(answer.status).toBe('done');
  });
});

describe('slow and oversized requests', () => {
  test('a client that never finishes its headers or its body is cut off on every port after the timeout', async () => {
    const slowHeaders = (port: number) => `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: 1`;
    const slowBody = (port: number, target: string) =>
      `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000\r\n\r\n--b\r\n`;
    const started = Date.now();

    const answers = await Promise.all([
      sendRaw(ports.site, slowHeaders(ports.site), 10_000),
      sendRaw(ports.api, slowHeaders(ports.api), 10_000),
      sendRaw(ports.s3, slowHeaders(ports.s3), 10_000),
      sendRaw(ports.api, slowBody(ports.api, '/prod/detect-labels'), 10_000),
      sendRaw(ports.s3, slowBody(ports.s3, `/${bucket}`), 10_000),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([408, 408, 400, 408, 400]);
    expect(s3Code(answers[4].body)).toBe('RequestTimeout');
    expect(Date.now() - started).toBeLessThan(HTTP_TIMEOUT_MS + 1_500);
  });

  test('an upload form declaring more bytes than the upload limit allows is refused before its body is read', async () => {
    const declared = settingDefaults.maxUploadBytes + 1024 * 1024;

    const answer = await sendRaw(ports.s3, `POST /${bucket} HTTP/1.1\r\nHost: 127.0.0.1:${ports.s3}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: ${declared}\r\n\r\n`, 1_000);

    expect(answer.status).toBe(400);
    expect(s3Code(answer.body)).toBe('EntityTooLarge');
  });
});

describe('only the local names of each port are answered (DNS rebinding)', () => {
  // Each request would succeed with Host 127.0.0.1:<port>.
  const requests = {
    site: (host: string) => `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    api: (host: string) => `OPTIONS /prod/detect-labels HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n`,
    s3: (host: string) => `OPTIONS /${bucket} HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${cloud.siteUrl.replace(/\/$/, '')}\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n`,
  };

  test.each(['site', 'api', 's3'] as const)('the %s port answers 403 to another Host and serves 127.0.0.1 and localhost', async (name) => {
    const port = ports[name];

    const rebound = await sendRaw(port, requests[name](`rebind.example:${port}`));
    const byAddress = await sendRaw(port, requests[name](`127.0.0.1:${port}`));
    const byName = await sendRaw(port, requests[name](`localhost:${port}`));

    expect(rebound.status).toBe(403);
    expect(byAddress.status).toBeLessThan(300);
    expect(byName.status).toBeLessThan(300);
  });
});
