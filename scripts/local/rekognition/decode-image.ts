import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { RekognitionError } from './errors';

/** Pixels as packed 8-bit RGB, row by row. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** Decodes a JPEG or PNG, the two formats Rekognition reads; anything else, or a damaged file, is InvalidImageFormatException. */
export function decodeImage(bytes: Uint8Array): RgbImage {
  const format = startsWith(bytes, JPEG_SIGNATURE) ? 'JPEG' : startsWith(bytes, PNG_SIGNATURE) ? 'PNG' : undefined;
  if (!format) {
    throw new RekognitionError('InvalidImageFormatException', 'Request has invalid image format: only JPEG and PNG are supported');
  }
  try {
    return format === 'JPEG' ? decodeJpeg(bytes) : decodePng(bytes);
  } catch (error) {
    throw new RekognitionError('InvalidImageFormatException', `Request has invalid image format: the ${format} data cannot be decoded`, { cause: error });
  }
}

function decodeJpeg(bytes: Uint8Array): RgbImage {
  const { width, height, data } = jpeg.decode(bytes, { formatAsRGBA: false, useTArray: true });
  return { width, height, data };
}

function decodePng(bytes: Uint8Array): RgbImage {
  // pngjs always hands back RGBA (palette, grey and 16-bit images included); the alpha channel is dropped.
  const { width, height, data: rgba } = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const rgb = new Uint8Array(width * height * 3);
  for (let source = 0, target = 0; source < rgba.length; source += 4, target += 3) {
    rgb[target] = rgba[source];
    rgb[target + 1] = rgba[source + 1];
    rgb[target + 2] = rgba[source + 2];
  }
  return { width, height, data: rgb };
}
