import * as z from 'zod/mini';
import { HttpError, parseRequest } from '../shared/http';
import { IMAGE_CONTENT_TYPES } from '../shared/keys';

// Most file systems allow 255 bytes; the limit also keeps the URL-encoded name well inside S3's
// 2 KB of user metadata.
const MAX_FILE_NAME_BYTES = 255;
// C0 and C1 controls, and the bidirectional overrides that can disguise a name (`gpj.exe`).
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const fileName = z.string('must be a string').check(
  z.refine((name) => name.trim().length > 0, 'must not be empty'),
  z.refine((name) => !/[/\\]/.test(name), 'must be a bare file name, without / or \\'),
  z.refine((name) => !CONTROL_CHARACTERS.test(name), 'must not contain control characters'),
  z.refine((name) => Buffer.byteLength(name, 'utf8') <= MAX_FILE_NAME_BYTES, `must be at most ${MAX_FILE_NAME_BYTES} bytes long`),
);

const uploadRequestSchema = z.object(
  {
    fileName,
    contentType: z.enum(IMAGE_CONTENT_TYPES, `must be one of ${IMAGE_CONTENT_TYPES.join(', ')}`),
    size: z.int('must be a whole number of bytes').check(z.positive('must be at least 1 byte')),
  },
  'Send a JSON object: {"fileName": "photo.jpg", "contentType": "image/jpeg", "size": 12345}.',
);

export type UploadRequest = z.infer<typeof uploadRequestSchema>;

const FIELD_CODES = { fileName: 'INVALID_FILE_NAME', contentType: 'UNSUPPORTED_CONTENT_TYPE', size: 'INVALID_SIZE' };

/** The upload a browser asks for, checked: 400 for a malformed request, 413 for a file too large. */
export function readUploadRequest(body: unknown, maxBytes: number): UploadRequest {
  const request = parseRequest(uploadRequestSchema, body, FIELD_CODES);
  if (request.size > maxBytes) {
    throw new HttpError(413, 'FILE_TOO_LARGE', `The file is ${request.size} bytes; the largest accepted is ${maxBytes} bytes.`);
  }
  return request;
}
