import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DetectLabelsResponse } from '@aws-sdk/client-rekognition';
import { RekognitionError } from './errors';
import { MAX_BYTES_IMAGE, MAX_S3_IMAGE } from './image-limits';
import { startLabelDetector, type LabelDetector, type LabelDetectorOptions } from './label-detector';
import { parseDetectLabelsRequest, type DetectLabelsRequest } from './request';
import { BodyTooLargeError, readBody } from '../http/read-body';
import { startHttpService, type Problem } from '../http/start-server';

export type ReadObject = (bucket: string, key: string, version?: string) => Promise<Buffer>;

export interface RekognitionServerOptions {
  port: number;
  host?: string;
  /** Reads an S3Object image; without it, requests naming an S3Object fail with InvalidS3ObjectException. */
  readObject?: ReadObject;
  /** Receives one line per request. */
  log?: (line: string) => void;
  /** Load the model in its worker now rather than for the first image. */
  preloadModel?: boolean;
  detector?: Omit<LabelDetectorOptions, 'log' | 'preload'>;
}

export interface RekognitionServer {
  url: string;
  /** Resolves with the model's load time once it is loaded (loading it if need be). */
  modelLoaded(): Promise<number>;
  close(): Promise<void>;
}

const DETECT_LABELS_TARGET = 'RekognitionService.DetectLabels';
// Room for a base64-encoded image at the byte limit plus the JSON around it; a larger body is not read to the end.
const MAX_REQUEST_BODY = Math.ceil((MAX_BYTES_IMAGE * 4) / 3) + 64 * 1024;

/** A local endpoint for Rekognition's DetectLabels that an unmodified @aws-sdk/client-rekognition can call (AWS JSON 1.1). */
export async function startRekognitionServer(options: RekognitionServerOptions): Promise<RekognitionServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const detector = startLabelDetector({ ...options.detector, log, preload: options.preloadModel });
  const service = await startHttpService({
    name: 'rekognition',
    port: options.port,
    host: options.host ?? '127.0.0.1',
    log,
    reply: (problem) => {
      const error = PROBLEM_ERRORS[problem]();
      return { status: error.statusCode, headers: errorHeaders(error), body: JSON.stringify(errorBody(error)) };
    },
    handle: (request, response) => handleRequest(request, response, options.readObject, detector, log),
  }).catch(async (error: unknown) => {
    await detector.close();
    throw error;
  });
  return {
    url: service.url,
    modelLoaded: () => detector.loaded(),
    close: async () => {
      await service.close();
      await detector.close();
    },
  };
}

const PROBLEM_ERRORS: Record<Problem, () => RekognitionError> = {
  'bad-request': () => new RekognitionError('SerializationException', 'The request could not be read'),
  'unknown-host': () => new RekognitionError('AccessDeniedException', 'Access Denied'),
  timeout: () => new RekognitionError('SerializationException', 'The request was not received in time'),
  'headers-too-large': () => new RekognitionError('SerializationException', 'The request headers are too large'),
  'internal-error': () => new RekognitionError('InternalServerError', 'The local Rekognition endpoint failed'),
};

// The SDK takes the error code from x-amzn-ErrorType (or __type) and its message from `message` or `Message`;
// Rekognition's modelled exceptions carry `Message`, so both are sent.
function errorBody(error: RekognitionError): Record<string, string> {
  return { __type: error.type, message: error.message, Message: error.message };
}

function errorHeaders(error: RekognitionError): Record<string, string> {
  return { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-ErrorType': error.type };
}

async function handleRequest(request: IncomingMessage, response: ServerResponse, readObject: ReadObject | undefined, detector: LabelDetector, log: (line: string) => void): Promise<void> {
  const startedAt = Date.now();
  const requestId = randomUUID();
  const target = String(request.headers['x-amz-target'] ?? '');
  let source = '-';
  try {
    if (request.method !== 'POST' || target !== DETECT_LABELS_TARGET) {
      throw new RekognitionError('UnknownOperationException', `Operation ${target || '(no X-Amz-Target)'} is not supported by the local Rekognition endpoint; only DetectLabels is`);
    }
    const detectRequest = parseDetectLabelsRequest(await readRequest(request));
    source = describeSource(detectRequest);
    const imageBytes = await readImage(detectRequest, readObject);
    const result = await detector.detect(imageBytes, { maxLabels: detectRequest.maxLabels, minConfidence: detectRequest.minConfidence });
    sendJson(response, 200, requestId, result);
    log(`rekognition DetectLabels ${source} 200 ${summarise(result)} ${Date.now() - startedAt} ms`);
  } catch (caught) {
    const error = caught instanceof RekognitionError ? caught : new RekognitionError('InternalServerError', 'The local Rekognition endpoint failed', { cause: caught });
    sendJson(response, error.statusCode, requestId, errorBody(error), { 'x-amzn-ErrorType': error.type });
    const cause = error.cause instanceof Error ? ` (${error.cause.name}: ${error.cause.message})` : '';
    log(`rekognition ${target.replace('RekognitionService.', '') || '-'} ${source} ${error.statusCode} ${error.type}: ${error.message}${cause} ${Date.now() - startedAt} ms`);
  }
}

async function readImage(request: DetectLabelsRequest, readObject: ReadObject | undefined): Promise<Uint8Array> {
  if (request.image.kind === 'bytes') {
    if (request.image.bytes.byteLength > MAX_BYTES_IMAGE) {
      throw new RekognitionError('ImageTooLargeException', `Image size is too large: Image.Bytes may hold at most ${MAX_BYTES_IMAGE} bytes`);
    }
    return request.image.bytes;
  }
  const { bucket, name, version } = request.image;
  if (!readObject) {
    throw new RekognitionError('InvalidS3ObjectException', 'Unable to get object metadata from S3: no S3 is connected to the local Rekognition endpoint');
  }
  let object: Buffer;
  try {
    object = await readObject(bucket, name, version);
  } catch (error) {
    throw new RekognitionError('InvalidS3ObjectException', `Unable to get object metadata from S3. Check object key, region and/or access permissions (s3://${bucket}/${name})`, { cause: error });
  }
  if (object.byteLength > MAX_S3_IMAGE) {
    throw new RekognitionError('ImageTooLargeException', `Image size is too large: an S3 object may be at most ${MAX_S3_IMAGE} bytes`);
  }
  return object;
}

async function readRequest(request: IncomingMessage): Promise<string> {
  try {
    return (await readBody(request, MAX_REQUEST_BODY)).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new RekognitionError('ImageTooLargeException', `Image size is too large: Image.Bytes may hold at most ${MAX_BYTES_IMAGE} bytes`);
    }
    throw error;
  }
}

function sendJson(response: ServerResponse, status: number, requestId: string, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-RequestId': requestId,
    ...headers,
  });
  response.end(payload);
}

function describeSource(request: DetectLabelsRequest): string {
  return request.image.kind === 'bytes' ? `bytes:${request.image.bytes.byteLength}` : `s3://${request.image.bucket}/${request.image.name}`;
}

function summarise(result: DetectLabelsResponse): string {
  const labels = result.Labels ?? [];
  if (labels.length === 0) return 'no labels';
  return labels.map((label) => `${label.Name} ${(label.Confidence ?? 0).toFixed(1)}`).join(', ');
}
