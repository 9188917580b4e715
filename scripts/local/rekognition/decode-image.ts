import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { RekognitionError } from './errors';
import { readImageHeader } from './image-header';
import { checkImageLimits, LOCAL_MAX_PIXELS } from './image-limits';

/** Pixels as packed 8-bit RGB, row by row. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Decodes a JPEG or PNG, the two formats Rekognition reads, once its header shows dimensions
 * Rekognition (and the local model) accept; anything else, or a damaged file, is refused with
 * Rekognition's error.
 */
export function decodeImage(bytes: Uint8Array): RgbImage {
  const header = readImageHeader(bytes);
  checkImageLimits(header);
  try {
    return header.format === 'JPEG' ? decodeJpeg(bytes) : decodePng(bytes);
  } catch (error) {
    throw new RekognitionError('InvalidImageFormatException', `Request has invalid image format: the ${header.format} data cannot be decoded`, { cause: error });
  }
}

function decodeJpeg(bytes: Uint8Array): RgbImage {
  // A JPEG may hold more than one frame header; jpeg-js's own limits stop one larger than the first.
  const { width, height, data } = jpeg.decode(bytes, { formatAsRGBA: false, useTArray: true, maxResolutionInMP: LOCAL_MAX_PIXELS / 1_000_000 });
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
