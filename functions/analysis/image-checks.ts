import { imageContentType } from '../shared/keys';
import type { ImageError } from '../shared/results-table';
import { failure } from './failures';

export interface StoredObject {
  contentType?: string;
  size?: number;
}

/** What HeadObject tells us is wrong with an upload, before paying for Rekognition. */
export function storedObjectProblem(object: StoredObject, maxBytes: number): ImageError | undefined {
  if (!object.size) return failure('EMPTY_FILE');
  if (object.size > maxBytes) {
    return failure('FILE_TOO_LARGE', `The file is ${object.size} bytes; the largest accepted is ${maxBytes} bytes.`);
  }
  if (!imageContentType(object.contentType)) return failure('UNSUPPORTED_CONTENT_TYPE');
  return undefined;
}

const SIGNATURES = {
  jpeg: [0xff, 0xd8, 0xff],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};
export const SIGNATURE_BYTES = Math.max(...Object.values(SIGNATURES).map((bytes) => bytes.length));

/** True when the first bytes are those every JPEG or PNG file starts with. */
export function startsLikeImage(firstBytes: Uint8Array): boolean {
  return Object.values(SIGNATURES).some((signature) => signature.every((byte, index) => firstBytes[index] === byte));
}
