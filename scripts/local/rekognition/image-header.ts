import { RekognitionError } from './errors';

export interface ImageHeader {
  format: 'JPEG' | 'PNG';
  width: number;
  height: number;
}

const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// Start-of-frame markers, which carry the dimensions: C0-CF except DHT (C4), JPG (C8) and DAC (CC).
const JPEG_FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const JPEG_START_OF_SCAN = 0xda;

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

const invalid = (reason: string) => new RekognitionError('InvalidImageFormatException', `Request has invalid image format: ${reason}`);

/**
 * The format and dimensions an image declares, read from its header without decoding a pixel: the
 * PNG IHDR chunk, or the JPEG frame header. Anything else is InvalidImageFormatException.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (startsWith(bytes, PNG_SIGNATURE)) return readPngHeader(bytes);
  if (startsWith(bytes, JPEG_SIGNATURE)) return readJpegHeader(bytes);
  throw invalid('only JPEG and PNG are supported');
}

/** https://www.w3.org/TR/png/#11IHDR: the IHDR chunk comes first, right after the signature. */
function readPngHeader(bytes: Uint8Array): ImageHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw invalid('the PNG has no IHDR chunk');
  return dimensions('PNG', view.getUint32(16), view.getUint32(20));
}

/** https://www.w3.org/Graphics/JPEG/itu-t81.pdf, B.2: markers up to the first frame header. */
function readJpegHeader(bytes: Uint8Array): ImageHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw invalid('the JPEG markers are damaged');
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    if (marker === JPEG_START_OF_SCAN) break;
    const length = view.getUint16(offset + 2);
    if (JPEG_FRAME_MARKERS.has(marker)) {
      if (offset + 9 > bytes.length) break;
      return dimensions('JPEG', view.getUint16(offset + 7), view.getUint16(offset + 5));
    }
    offset += 2 + length;
  }
  throw invalid('the JPEG has no frame header');
}

function dimensions(format: ImageHeader['format'], width: number, height: number): ImageHeader {
  if (width === 0 || height === 0) throw invalid(`the ${format} declares no width or height`);
  return { format, width, height };
}
