import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { signingKey, type SecretFor } from './post-signature';
import { S3Error } from './s3-error';

const ALGORITHM = 'AWS4-HMAC-SHA256';
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonRequestHeaders.html: a signed request more
// than 15 minutes away from S3's clock is refused.
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_EXPIRY_SECONDS = 7 * 24 * 60 * 60;

export interface RequestToVerify {
  method: string;
  /** The request target exactly as received: path and query, still percent-encoded. */
  target: string;
  /** Node's rawHeaders: name, value, name, value... */
  rawHeaders: string[];
}

export interface VerifiedRequest {
  accessKeyId: string;
  /** x-amz-content-sha256: a hex SHA-256 of the body, UNSIGNED-PAYLOAD or a STREAMING-... scheme. */
  payloadHash: string;
}

/** True when the request carries SigV4 (or SigV2) credentials, in a header or the query. */
export function isSignedRequest(request: RequestToVerify): boolean {
  const query = queryPairs(request.target);
  return headerValue(request.rawHeaders, 'authorization') !== undefined || query.some(([name]) => ['X-Amz-Signature', 'X-Amz-Credential', 'Signature', 'AWSAccessKeyId'].includes(name ?? ''));
}

/**
 * Checks a SigV4 signature as S3 does, in the Authorization header or in the query of a presigned
 * URL, and throws S3's error otherwise. s3rver does not check signatures reliably, so the gate does.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 */
export function verifyRequestSignature(request: RequestToVerify, secretFor: SecretFor, region: string, now: Date): VerifiedRequest {
  const authorization = headerValue(request.rawHeaders, 'authorization');
  const signature = authorization === undefined ? fromQuery(request, now) : fromHeader(authorization, request, now);
  if (signature.credential.region !== region) {
    throw new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${signature.credential.region}' is wrong; expecting '${region}'`, { Region: region });
  }
  const secret = secretFor(signature.credential.accessKeyId);
  if (secret === undefined) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: signature.credential.accessKeyId });
  }
  const canonicalRequest = [
    request.method,
    request.target.split('?')[0],
    canonicalQuery(request.target, signature.presigned),
    ...canonicalHeaders(request.rawHeaders, signature.signedHeaders),
    signature.signedHeaders.join(';'),
    signature.payloadHash,
  ].join('\n');
  const { date, region: scopeRegion, service } = signature.credential;
  const stringToSign = [ALGORITHM, signature.amzDate, `${date}/${scopeRegion}/${service}/aws4_request`, sha256Hex(canonicalRequest)].join('\n');
  const expected = createHmac('sha256', signingKey(secret, date, scopeRegion, service)).update(stringToSign, 'utf8').digest('hex');
  if (!sameText(expected, signature.signature)) {
    throw new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      AWSAccessKeyId: signature.credential.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: signature.signature,
    });
  }
  return { accessKeyId: signature.credential.accessKeyId, payloadHash: signature.payloadHash };
}

interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

interface ParsedSignature {
  credential: Credential;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  payloadHash: string;
  presigned: boolean;
}

function fromHeader(authorization: string, request: RequestToVerify, now: Date): ParsedSignature {
  const malformed = (message: string) => new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${message}`);
  const [algorithm, ...rest] = authorization.trim().split(/\s+/);
  if (algorithm !== ALGORITHM) throw new S3Error('AccessDenied', 'Only AWS4-HMAC-SHA256 signatures are accepted by the local S3');
  const components = new Map(
    rest
      .join('')
      .split(',')
      .map((component) => {
        const equals = component.indexOf('=');
        return [component.slice(0, equals), component.slice(equals + 1)] as const;
      }),
  );
  const [credential, signedHeaders, signature] = ['Credential', 'SignedHeaders', 'Signature'].map((name) => components.get(name));
  if (!credential || !signedHeaders || !signature) throw malformed('it requires three components: Credential, SignedHeaders, and Signature.');
  const amzDate = headerValue(request.rawHeaders, 'x-amz-date');
  if (!amzDate || !isAmzDate(amzDate)) throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  if (Math.abs(now.getTime() - parseAmzDate(amzDate)) > MAX_CLOCK_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', { RequestTime: amzDate, ServerTime: now.toISOString() });
  }
  const payloadHash = headerValue(request.rawHeaders, 'x-amz-content-sha256');
  if (payloadHash === undefined) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  return { credential: parseCredential(credential, amzDate, malformed), signedHeaders: signedHeaders.split(';'), signature, amzDate, payloadHash, presigned: false };
}

function fromQuery(request: RequestToVerify, now: Date): ParsedSignature {
  const query = new Map(queryPairs(request.target).map(([name, value]) => [name, value]));
  const refuse = (message: string) => new S3Error('AuthorizationQueryParametersError', message);
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) throw new S3Error('AccessDenied', 'Only AWS4-HMAC-SHA256 signatures are accepted by the local S3');
  const [credential, amzDate, expires, signedHeaders, signature] = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'].map((name) => query.get(name));
  if (!credential || !amzDate || !expires || !signedHeaders || !signature) {
    throw refuse('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  if (!isAmzDate(amzDate)) throw refuse("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  const seconds = Number(expires);
  if (!/^\d+$/.test(expires) || seconds > MAX_PRESIGNED_EXPIRY_SECONDS) throw refuse('X-Amz-Expires must be a number of seconds up to a week (604800)');
  if (now.getTime() > parseAmzDate(amzDate) + seconds * 1000) throw new S3Error('AccessDenied', 'Request has expired', { 'X-Amz-Expires': expires });
  return {
    credential: parseCredential(credential, amzDate, refuse),
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    payloadHash: query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    presigned: true,
  };
}

function parseCredential(text: string, amzDate: string, refuse: (message: string) => S3Error): Credential {
  const parts = text.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') throw refuse('the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  const [accessKeyId, date, region, service] = parts;
  if (date !== amzDate.slice(0, 8)) throw refuse(`incorrect date in the credential "${date}"; it must match the request's date.`);
  if (service !== 's3') throw refuse(`incorrect service "${service}". This endpoint belongs to "s3".`);
  return { accessKeyId, date, region, service };
}

/** Name and value pairs, decoded, in order; a name or value that is not valid percent-encoding stays as sent. */
function queryPairs(target: string): Array<[string, string]> {
  const question = target.indexOf('?');
  if (question < 0) return [];
  return target
    .slice(question + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const equals = pair.indexOf('=');
      const [name, value] = equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
      return [decodeQueryPart(name), decodeQueryPart(value)];
    });
}

function decodeQueryPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Every parameter (but the signature) URI-encoded, sorted by name, then by value. */
function canonicalQuery(target: string, presigned: boolean): string {
  return queryPairs(target)
    .filter(([name]) => !(presigned && name === 'X-Amz-Signature'))
    .map(([name, value]) => [uriEncode(name), uriEncode(value)])
    .sort(([nameA, valueA], [nameB, valueB]) => (nameA === nameB ? compare(valueA, valueB) : compare(nameA, nameB)))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** `name:value` lines for the signed headers, values trimmed and inner spaces collapsed; repeated headers joined by commas. */
function canonicalHeaders(rawHeaders: string[], signedHeaders: string[]): string[] {
  return [
    ...signedHeaders.map((name) => {
      const values = headerValues(rawHeaders, name);
      return `${name}:${values.map((value) => value.trim().replace(/\s+/g, ' ')).join(',')}`;
    }),
    '',
  ];
}

function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function headerValues(rawHeaders: string[], name: string): string[] {
  const values: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index].toLowerCase() === name) values.push(rawHeaders[index + 1]);
  }
  return values;
}

function headerValue(rawHeaders: string[], name: string): string | undefined {
  const values = headerValues(rawHeaders, name);
  return values.length === 0 ? undefined : values.join(',');
}

function isAmzDate(text: string): boolean {
  return /^\d{8}T\d{6}Z$/.test(text) && !Number.isNaN(parseAmzDate(text));
}

function parseAmzDate(text: string): number {
  return Date.parse(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(9, 11)}:${text.slice(11, 13)}:${text.slice(13, 15)}Z`);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function sameText(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}
