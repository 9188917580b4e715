import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { S3Error } from '../../scripts/local/s3/s3-error';
import { isSignedRequest, verifyRequestSignature, type RequestToVerify } from '../../scripts/local/s3/request-signature';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local-secret' };
const secretFor = (accessKeyId: string) => (accessKeyId === CREDENTIALS.accessKeyId ? CREDENTIALS.secretAccessKey : undefined);
const HOST = '127.0.0.1:3002';
const NOW = new Date('2026-07-15T10:00:00Z');

/** The hash the SDK's signer asks for, from node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}

// As the S3 client signs: the path is signed as it is sent, not encoded a second time.
const signer = (credentials = CREDENTIALS, region = REGION) => new SignatureV4({ service: 's3', region, credentials, sha256: Sha256, uriEscapePath: false });

interface Unsigned {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

function target(path: string, query: Record<string, string | string[] | null> = {}): string {
  const pairs = Object.entries(query).flatMap(([name, value]) => (Array.isArray(value) ? value : [value ?? '']).map((one) => `${encodeURIComponent(name)}=${encodeURIComponent(one)}`));
  return pairs.length === 0 ? path : `${path}?${pairs.join('&')}`;
}

async function signed(request: Unsigned, options: { credentials?: typeof CREDENTIALS; region?: string; at?: Date } = {}): Promise<RequestToVerify> {
  const headers = { host: HOST, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...request.headers };
  const result = await signer(options.credentials, options.region).sign(
    { method: request.method, protocol: 'http:', hostname: '127.0.0.1', port: 3002, path: request.path, query: request.query ?? {}, headers },
    { signingDate: options.at ?? NOW },
  );
  return { method: request.method, target: target(request.path, request.query), rawHeaders: Object.entries(result.headers).flat() };
}

async function presigned(request: Unsigned, expiresIn: number, at = NOW): Promise<RequestToVerify> {
  const result = await signer().presign(
    // As @aws-sdk/s3-request-presigner does: S3 presigned URLs sign UNSIGNED-PAYLOAD.
    { method: request.method, protocol: 'http:', hostname: '127.0.0.1', port: 3002, path: request.path, query: request.query ?? {}, headers: { host: HOST, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
    { signingDate: at, expiresIn, unsignableHeaders: new Set(['x-amz-content-sha256']) },
  );
  return { method: request.method, target: target(request.path, result.query as Record<string, string>), rawHeaders: ['Host', HOST] };
}

function refusal(request: RequestToVerify, now = NOW): string | undefined {
  try {
    verifyRequestSignature(request, secretFor, REGION, now);
    return undefined;
  } catch (error) {
    if (error instanceof S3Error) return error.code;
    throw error;
  }
}

describe('verifyRequestSignature, against requests signed by the SDK signer', () => {
  test.each<[string, Unsigned]>([
    ['HeadObject', { method: 'HEAD', path: '/bucket/uploads/0b8c6f0e.jpg' }],
    ['GetObject with a Range', { method: 'GET', path: '/bucket/uploads/a.jpg', headers: { range: 'bytes=0-7' } }],
    ['a key with spaces and accents, encoded once', { method: 'GET', path: '/bucket/uploads/red%20flower%20%C3%A9t%C3%A9.jpg' }],
    ['ListObjectsV2 with its query', { method: 'GET', path: '/bucket', query: { 'list-type': '2', prefix: 'uploads/a b', 'continuation-token': 'x+y/z=' } }],
    ['GetBucketCors (a query name with no value)', { method: 'GET', path: '/bucket', query: { cors: '' } }],
    ['PutObject with a hashed body', { method: 'PUT', path: '/bucket/uploads/a.txt', headers: { 'x-amz-content-sha256': createHash('sha256').update('signed').digest('hex'), 'content-type': 'text/plain' } }],
  ])('accepts %s', async (_, request) => {
    expect(refusal(await signed(request))).toBeUndefined();
  });

  test('accepts a presigned URL until it expires, then answers AccessDenied', async () => {
    const request = await presigned({ method: 'GET', path: '/bucket/uploads/a.jpg' }, 300);

    expect(refusal(request)).toBeUndefined();
    expect(refusal(request, new Date(NOW.getTime() + 301_000))).toBe('AccessDenied');
  });

  test('a changed path, query, signed header or method is SignatureDoesNotMatch', async () => {
    const request = await signed({ method: 'GET', path: '/bucket/uploads/a.jpg', query: { versionId: '1' }, headers: { range: 'bytes=0-7' } });

    expect(refusal({ ...request, target: request.target.replace('a.jpg', 'b.jpg') })).toBe('SignatureDoesNotMatch');
    expect(refusal({ ...request, target: request.target.replace('versionId=1', 'versionId=2') })).toBe('SignatureDoesNotMatch');
    expect(refusal({ ...request, rawHeaders: request.rawHeaders.map((value) => (value === 'bytes=0-7' ? 'bytes=0-99' : value)) })).toBe('SignatureDoesNotMatch');
    expect(refusal({ ...request, method: 'DELETE' })).toBe('SignatureDoesNotMatch');
  });

  test('the wrong secret, an unknown key, another region and a skewed clock are refused as S3 refuses them', async () => {
    const head = { method: 'HEAD', path: '/bucket/a.jpg' };

    expect(refusal(await signed(head, { credentials: { ...CREDENTIALS, secretAccessKey: 'guess' } }))).toBe('SignatureDoesNotMatch');
    expect(refusal(await signed(head, { credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' } }))).toBe('InvalidAccessKeyId');
    expect(refusal(await signed(head, { region: 'eu-west-1' }))).toBe('AuthorizationHeaderMalformed');
    expect(refusal(await signed(head, { at: new Date(NOW.getTime() - 16 * 60_000) }))).toBe('RequestTimeTooSkewed');
  });

  test('malformed authorization is refused, never thrown as anything but an S3 error', () => {
    const request = (authorization: string): RequestToVerify => ({ method: 'GET', target: '/bucket', rawHeaders: ['Host', HOST, 'Authorization', authorization, 'X-Amz-Date', '20260715T100000Z', 'X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'] });

    expect(refusal(request('AWS4-HMAC-SHA256'))).toBe('AuthorizationHeaderMalformed');
    expect(refusal(request('AWS4-HMAC-SHA256 Credential=local/x, SignedHeaders=host, Signature=00'))).toBe('AuthorizationHeaderMalformed');
    expect(refusal(request('AWS local:c2lnbmF0dXJl'))).toBe('AccessDenied');
    expect(refusal({ method: 'GET', target: '/bucket?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%E0', rawHeaders: ['Host', HOST] })).toBe('AuthorizationQueryParametersError');
  });
});

test('isSignedRequest: an Authorization header or signature parameters in the query', () => {
  expect(isSignedRequest({ method: 'GET', target: '/bucket', rawHeaders: ['Authorization', 'x'] })).toBe(true);
  expect(isSignedRequest({ method: 'GET', target: '/bucket/a?X-Amz-Signature=00', rawHeaders: [] })).toBe(true);
  expect(isSignedRequest({ method: 'POST', target: '/bucket?x', rawHeaders: ['Content-Type', 'multipart/form-data; boundary=b'] })).toBe(false);
});
