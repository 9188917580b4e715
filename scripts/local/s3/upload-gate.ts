import { Agent, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { GetBucketCorsCommand, S3Client, type CORSRule } from '@aws-sdk/client-s3';
import { isAwsError } from '../../lib/engine/errors';
import { checkPostUpload } from './check-post-upload';
import { corsHeaders } from './cors';
import { fieldValue, isMultipartFormData, parsePostForm, readBody, type PostForm } from './post-form';
import { postObjectReply, type Reply } from './post-response';
import type { SecretFor } from './post-signature';
import { forwardRequest } from './proxy';
import { errorDocument, newHostId, newRequestId, S3Error } from './s3-error';
import { listen } from '../serve';

export interface UploadGateOptions {
  port: number;
  host?: string;
  /** The s3rver every request is forwarded to, e.g. http://127.0.0.1:4569. */
  s3rverUrl: string;
  /** The secret of each access key the local cloud hands out. */
  secretFor: SecretFor;
  /** The region presigned POSTs must be scoped to. */
  region: string;
  /** No POST body larger than this is read, whatever its policy allows. */
  maxBodyBytes?: number;
  log?: (line: string) => void;
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

/**
 * An S3 endpoint in front of s3rver: every request is streamed through unchanged, except
 * browser-form POST uploads, which are checked as S3 checks them (signature, expiry, policy
 * conditions, size) before they reach s3rver, which checks none of it.
 */
export async function startUploadGate(options: UploadGateOptions): Promise<UploadGate> {
  const log = options.log ?? ((line: string) => console.log(line));
  const upstream = new URL(options.s3rverUrl);
  const agent = new Agent({ keepAlive: true });
  const s3rverClient = new S3Client({ endpoint: options.s3rverUrl, forcePathStyle: true, region: options.region, credentials: S3RVER_CREDENTIALS });
  const gate: GateContext = { ...options, log, upstream, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, readCorsRules: corsRulesReader(s3rverClient, log) };
  const server = createServer((request, response) => {
    const fail = (error: Error) => {
      log(`s3 ${request.method} ${request.url} failed: ${error.message}`);
      response.destroy();
    };
    const bucket = postObjectBucket(request);
    if (bucket === undefined) forwardRequest(request, response, upstream, agent, fail);
    else handlePostObject(request, response, bucket, gate).catch(fail);
  });
  const listening = await listen(server, options.port, options.host);
  return {
    url: listening.url,
    close: async () => {
      await listening.close();
      agent.destroy();
      s3rverClient.destroy();
    },
  };
}

interface GateContext extends UploadGateOptions {
  log: (line: string) => void;
  upstream: URL;
  maxBodyBytes: number;
  readCorsRules: (bucket: string) => Promise<CORSRule[]>;
}

/** The bucket of a path-style POST Object (`POST /<bucket>` with no subresource), else undefined. */
function postObjectBucket(request: IncomingMessage): string | undefined {
  if (request.method !== 'POST') return undefined;
  const url = new URL(request.url ?? '/', 'http://gate.invalid');
  const match = /^\/([^/]+)\/?$/.exec(url.pathname);
  return match && url.search === '' ? decodeURIComponent(match[1]) : undefined;
}

async function handlePostObject(request: IncomingMessage, response: ServerResponse, bucket: string, gate: GateContext): Promise<void> {
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
    const form = await parsePostForm(await readBody(request, gate.maxBodyBytes), contentType, bucket);
    checkPostUpload(form, { secretFor: gate.secretFor, region: gate.region, now: new Date() });
    reply = await storeObject(form, gate.upstream, `http://${request.headers.host}`);
    outcome = `${fieldValue(form, 'key')} ${form.file.size} bytes`;
  } catch (caught) {
    const error = caught instanceof S3Error ? caught : new S3Error('InternalError', 'We encountered an internal error. Please try again.', {}, { cause: caught });
    reply = { status: error.status, headers: { 'Content-Type': 'application/xml' }, body: errorDocument(error, ids['x-amz-request-id'], ids['x-amz-id-2']) };
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    outcome = `refused ${error.code}: ${error.message}${cause}`;
  }
  const cors = corsHeaders(await gate.readCorsRules(bucket), request.headers.origin, 'POST');
  const length = reply.body === '' ? {} : { 'Content-Length': String(Buffer.byteLength(reply.body)) };
  response.writeHead(reply.status, { ...reply.headers, ...length, ...cors, ...ids }).end(reply.body);
  gate.log(`s3 POST /${bucket} ${reply.status} ${outcome}`);
}

/** Hands the checked upload to s3rver as a POST rebuilt from the fields that were checked. */
async function storeObject(form: PostForm, upstream: URL, origin: string): Promise<Reply> {
  const body = new FormData();
  for (const [name, field] of form.fields) {
    if (!REPLY_FIELDS.has(name)) body.append(name, field.value);
  }
  body.append('file', form.file, form.fileName ?? 'file');
  const stored = await fetch(new URL(`/${encodeURIComponent(form.bucket)}`, upstream), { method: 'POST', body });
  if (stored.status !== 204) {
    // s3rver's own refusal (NoSuchBucket, InvalidStorageClass, ...) is already S3's error document.
    return { status: stored.status, headers: { 'Content-Type': stored.headers.get('content-type') ?? 'application/xml' }, body: await stored.text() };
  }
  await stored.arrayBuffer();
  const key = fieldValue(form, 'key') ?? '';
  const eTag = stored.headers.get('etag') ?? '';
  return postObjectReply(form, { bucket: form.bucket, key, eTag, location: `${origin}/${encodeURIComponent(form.bucket)}/${encodeURIComponent(key)}` });
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
