import { RekognitionError } from './errors';

/** A DetectLabels request body, validated: exactly one image source, limits within Rekognition's ranges. */
export interface DetectLabelsRequest {
  image: { kind: 'bytes'; bytes: Buffer } | { kind: 's3'; bucket: string; name: string; version?: string };
  maxLabels?: number;
  minConfidence?: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses the JSON 1.1 body the SDK sends: {Image: {Bytes} | {S3Object: {Bucket, Name, Version?}}, MaxLabels?, MinConfidence?}. */
export function parseDetectLabelsRequest(body: string): DetectLabelsRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new RekognitionError('SerializationException', 'The request body is not valid JSON', { cause: error });
  }
  if (!isRecord(parsed)) throw invalidParameter('The request body must be a JSON object');
  return {
    image: parseImage(parsed.Image),
    maxLabels: parseOptionalNumber(parsed.MaxLabels, 'MaxLabels', { min: 0, integer: true }),
    minConfidence: parseOptionalNumber(parsed.MinConfidence, 'MinConfidence', { min: 0, max: 100 }),
  };
}

function parseImage(image: unknown): DetectLabelsRequest['image'] {
  if (!isRecord(image)) throw invalidParameter('Image is required');
  const { Bytes: bytes, S3Object: s3Object } = image;
  if ((bytes === undefined) === (s3Object === undefined)) throw invalidParameter('Image must have exactly one of Bytes or S3Object');
  if (bytes !== undefined) {
    if (typeof bytes !== 'string' || !BASE64.test(bytes)) throw invalidParameter('Image.Bytes must be base64-encoded');
    return { kind: 'bytes', bytes: Buffer.from(bytes, 'base64') };
  }
  if (!isRecord(s3Object) || !isNonEmptyString(s3Object.Bucket) || !isNonEmptyString(s3Object.Name)) {
    throw invalidParameter('Image.S3Object must name a Bucket and a Name');
  }
  if (s3Object.Version !== undefined && typeof s3Object.Version !== 'string') throw invalidParameter('Image.S3Object.Version must be a string');
  return { kind: 's3', bucket: s3Object.Bucket, name: s3Object.Name, version: s3Object.Version };
}

function parseOptionalNumber(value: unknown, field: string, range: { min: number; max?: number; integer?: boolean }): number | undefined {
  if (value === undefined || value === null) return undefined;
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= range.min &&
    (range.max === undefined || value <= range.max) &&
    (!range.integer || Number.isInteger(value));
  if (!valid) {
    const bounds = range.max === undefined ? `at least ${range.min}` : `between ${range.min} and ${range.max}`;
    throw invalidParameter(`${field} must be ${range.integer ? 'an integer' : 'a number'} ${bounds}`);
  }
  return value;
}

function invalidParameter(message: string): RekognitionError {
  return new RekognitionError('InvalidParameterException', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
