import { request as httpRequest, type Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { GetBucketCorsCommand, S3Client, type CORSRule } from '@aws-sdk/client-s3';
import { isAwsError } from '../../lib/engine/errors';
import { BodyTooLargeError, readBody } from '../http/read-body';
import { decodePath, parseTarget } from '../http/request-target';
import { sendReply, startHttpService, type Problem, type Reply, type Timeouts } from '../http/start-server';
import { checkPostUpload } from './check-post-upload';
import { corsHeaders } from './cors';
import { fieldValue, isMultipartFormData, parsePostForm, type PostForm } from './post-form';
import { postObjectReply } from './post-response';
import type { SecretFor } from './post-signature';
import { clientAddress, forwardRequest } from './proxy';
import { isSignedRequest, sha256Hex, verifyRequestSignature } from './request-signature';
import { errorDocument, newHostId, newRequestId, S3Error } from './s3-error';

export interface UploadGateOptions {
  port: number;
  host?: string;
  /** Connects to the s3rver behind the gate (see private-s3rver.ts). */
  s3rverAgent: Agent;
  /** The secret of each access key the local cloud hands out. */
  secretFor: SecretFor;
  /** The region presigned POSTs and signed requests must be scoped to. */
  region: string;
  /** No body larger than this is read, whatever a policy allows. */
  maxBodyBytes?: number;
  log?: (line: string) => void;
  timeouts?: Partial<Timeouts>;
}

export interface UploadGate {
  url: string;
  close(): Promise<void>;
}

// Twice the app's default 10 MiB limit, and more than Rekognition's 15 MB S3 limit.
const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
// s3rver's built-in key pair; the gate reads bucket CORS rules with it. https://github.com/jamhall/s3rver#supported-methods
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
// Fields the gate answers itself, so s3rver must not act on them.
const REPLY_FIELDS = new Set(['success_action_status', 'success_action_redirect', 'redirect']);
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

const PROBLEM_ERRORS: Record<Problem, () => S3Error> = {
  'bad-request': () => new S3Error('InvalidRequest', 'The request could not be read as HTTP.'),
  'unknown-host': () => new S3Error('AccessDenied', 'Access Denied'),
  timeout: () => new S3Error('RequestTimeout', 'Your socket connection to the server was not read from or written to within the timeout period.'),
  'headers-too-large': () => new S3Error('RequestHeaderSectionTooLarge', 'Your request header section exceeds the maximum allowed size.'),
  'internal-error': () => new S3Error('InternalError', 'We encountered an internal error. Please try again.'),
};

/**
 * The local S3 endpoint. Like S3 in front of a private bucket, it lets through only a browser-form
 * POST upload that its signed policy allows (checked here: signature, expiry, conditions, size),
 * a CORS preflight, and a request signed with the local credentials (SigV4 checked here). Anything
 * else is 403 AccessDenied, and s3rver behind it never reads an unchecked body.
 */
export async function startUploadGate(options: UploadGateOptions): Promise<UploadGate> {
  const log = options.log ?? ((line: string) => console.log(line));
  const s3rverClient = new S3Client({
    endpoint: 'http://localhost',
    forcePathStyle: true,
    region: options.region,
    credentials: S3RVER_CREDENTIALS,
    requestHandler: { httpAgent: options.s3rverAgent },
  });
  const gate: Gate = { ...options, log, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, readCorsRules: corsRulesReader(s3rverClient, log) };
  const service = await startHttpService({
    name: 's3',
    port: options.port,
    host: options.host ?? '127.0.0.1',
    log,
    timeouts: options.timeouts,
    reply: (problem) => errorReply(PROBLEM_ERRORS[problem]()),
    handle: (request, response) => route(request, response, gate),
  });
  return {
    url: service.url,
    close: async () => {
      await service.close();
      s3rverClient.destroy();
    },
  };
}

interface Gate extends UploadGateOptions {
  log: (line: string) => void;
  maxBodyBytes: number;
  readCorsRules: (bucket: string) => Promise<CORSRule[]>;
}

async function route(request: IncomingMessage, response: ServerResponse, gate: Gate): Promise<void> {
  const url = parseTarget(request.url);
  const bucket = url && bucketOf(url.pathname);
  if (!url || bucket === undefined) {
    refuse(request, response, gate, new S3Error('InvalidURI', "Couldn't parse the specified URI.", { URI: request.url ?? '' }));
    return;
  }
  const target = { method: request.method ?? 'GET', target: request.url ?? '/', rawHeaders: request.rawHeaders };
  if (isSignedRequest(target)) {
    await forwardSigned(request, response, gate);
  } else if (request.method === 'OPTIONS') {
    forwardRequest(request, response, gate.s3rverAgent, Buffer.alloc(0), (error) => failed(request, response, gate, error));
  } else if (request.method === 'POST' && bucket !== '' && /^\/[^/]+\/?$/.test(url.pathname)) {
    // S3 treats a POST to the bucket as a browser-form upload whatever its query string says.
    await handlePostObject(request, response, bucket, gate);
  } else {
    refuse(request, response, gate, new S3Error('AccessDenied', 'Access Denied'));
  }
}

/** The bucket named by a path-style URL ('' for the service root), or undefined for a path that does not decode. */
function bucketOf(pathname: string): string | undefined {
  const decoded = decodePath(pathname);
  return decoded === undefined ? undefined : decoded.split('/')[1] ?? '';
}

async function forwardSigned(request: IncomingMessage, response: ServerResponse, gate: Gate): Promise<void> {
  let body: Buffer;
  try {
    const signed = verifyRequestSignature({ method: request.method ?? 'GET', target: request.url ?? '/', rawHeaders: request.rawHeaders }, gate.secretFor, gate.region, new Date());
    body = await readLimitedBody(request, gate.maxBodyBytes);
    if (HEX_SHA256.test(signed.payloadHash) && sha256Hex(body) !== signed.payloadHash.toLowerCase()) {
      throw new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
  } catch (error) {
    if (!(error instanceof S3Error)) throw error;
    refuse(request, response, gate, error);
    return;
  }
  forwardRequest(request, response, gate.s3rverAgent, body, (error) => failed(request, response, gate, error));
}

async function handlePostObject(request: IncomingMessage, response: ServerResponse, bucket: string, gate: Gate): Promise<void> {
  const ids = { 'x-amz-request-id': newRequestId(), 'x-amz-id-2': newHostId() };
  let reply: Reply;
  let outcome: string;
  try {
    const contentType = request.headers['content-type'];
    if (!isMultipartFormData(contentType)) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
        Condition: 'Bucket POST must be of the enclosure-type multipart/form-data',
      });
    }
    const form = await parsePostForm(await readLimitedBody(request, gate.maxBodyBytes), contentType, bucket);
    checkPostUpload(form, { secretFor: gate.secretFor, region: gate.region, now: new Date() });
    reply = await storeObject(form, gate.s3rverAgent, { origin: `http://${request.headers.host}`, clientAddress: clientAddress(request) });
    outcome = `${fieldValue(form, 'key')} ${form.file.size} bytes`;
  } catch (caught) {
    const error = caught instanceof S3Error ? caught : new S3Error('InternalError', 'We encountered an internal error. Please try again.', {}, { cause: caught });
    reply = errorReply(error, ids['x-amz-request-id'], ids['x-amz-id-2']);
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    outcome = `refused ${error.code}: ${error.message}${cause}`;
  }
  const cors = corsHeaders(await gate.readCorsRules(bucket), request.headers.origin, 'POST');
  const length = reply.body === '' ? {} : { 'Content-Length': String(Buffer.byteLength(reply.body)) };
  response.writeHead(reply.status, { ...reply.headers, ...length, ...cors, ...ids }).end(reply.body);
  gate.log(`s3 POST /${bucket} ${reply.status} ${outcome}`);
}

async function readLimitedBody(request: IncomingMessage, maxBytes: number): Promise<Buffer<ArrayBuffer>> {
  try {
    return await readBody(request, maxBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: error.size, MaxSizeAllowed: maxBytes });
  }
}

/** Hands the checked upload to s3rver as a POST rebuilt from the fields that were checked. */
async function storeObject(form: PostForm, agent: Agent, sender: { origin: string; clientAddress: string }): Promise<Reply> {
  const body = new FormData();
  for (const [name, field] of form.fields) {
    if (!REPLY_FIELDS.has(name)) body.append(name, field.value);
  }
  body.append('file', form.file, form.fileName ?? 'file');
  const encoded = new Response(body);
  const stored = await send(agent, `/${encodeURIComponent(form.bucket)}`, Buffer.from(await encoded.arrayBuffer()), {
    'content-type': encoded.headers.get('content-type') ?? '',
    'x-forwarded-for': sender.clientAddress,
  });
  if (stored.status !== 204) {
    // s3rver's own refusal (NoSuchBucket, InvalidStorageClass, ...) is already S3's error document.
    return { status: stored.status, headers: { 'Content-Type': stored.headers['content-type'] ?? 'application/xml' }, body: stored.body };
  }
  const key = fieldValue(form, 'key') ?? '';
  const eTag = stored.headers.etag ?? '';
  return postObjectReply(form, { bucket: form.bucket, key, eTag, location: `${sender.origin}/${encodeURIComponent(form.bucket)}/${encodeURIComponent(key)}` });
}

function send(agent: Agent, path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ method: 'POST', path, agent, headers: { ...headers, 'content-length': String(body.length) } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers as Record<string, string | undefined>, body: Buffer.concat(chunks).toString('utf8') }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function errorReply(error: S3Error, requestId = newRequestId(), hostId = newHostId()): Reply {
  return { status: error.status, headers: { 'Content-Type': 'application/xml' }, body: errorDocument(error, requestId, hostId) };
}

function refuse(request: IncomingMessage, response: ServerResponse, gate: Gate, error: S3Error): void {
  sendReply(response, errorReply(error));
  gate.log(`s3 ${request.method} ${request.url} ${error.status} ${error.code}: ${error.message}`);
}

function failed(request: IncomingMessage, response: ServerResponse, gate: Gate, error: Error): void {
  gate.log(`s3 ${request.method} ${request.url} failed: ${error.message}`);
  response.destroy();
}

function corsRulesReader(client: S3Client, log: (line: string) => void): (bucket: string) => Promise<CORSRule[]> {
  return async (bucket) => {
    try {
      return (await client.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules ?? [];
    } catch (caught) {
      if (!isAwsError(caught, 'NoSuchCORSConfiguration', 'NoSuchBucket')) log(`s3 could not read the CORS rules of ${bucket}: ${String(caught)}`);
      return [];
    }
  };
}
