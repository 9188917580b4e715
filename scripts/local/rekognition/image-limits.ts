import { RekognitionError } from './errors';
import type { ImageHeader } from './image-header';

// Rekognition's set quotas for DetectLabels: https://docs.aws.amazon.com/rekognition/latest/dg/limits.html
export const MAX_BYTES_IMAGE = 5 * 1024 * 1024;
export const MAX_S3_IMAGE = 15 * 1024 * 1024;
export const MIN_DIMENSION = 80;
export const MAX_DIMENSION = 10_000;
// Rekognition takes up to 10000 x 10000, but jpeg-js and pngjs decode in pure JavaScript (a 25 MP
// JPEG takes 5 s and about 870 MB here), so the local model stops at 25 MP: a 24 MP camera photo
// still passes.
export const LOCAL_MAX_PIXELS = 25_000_000;

/** Refuses, before anything is decoded, the dimensions Rekognition would refuse, and what the local model cannot afford. */
export function checkImageLimits(header: ImageHeader): void {
  const { width, height } = header;
  if (width < MIN_DIMENSION || height < MIN_DIMENSION) {
    throw new RekognitionError('InvalidParameterException', `Request has invalid parameters: the image is ${width}x${height}; its width and height must be at least ${MIN_DIMENSION} pixels`);
  }
  if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
    throw new RekognitionError('ImageTooLargeException', `Image size is too large: the image is ${width}x${height}; its width and height may be at most ${MAX_DIMENSION} pixels`);
  }
  if (width * height > LOCAL_MAX_PIXELS) {
    throw new RekognitionError(
      'ImageTooLargeException',
      `Image size is too large for the local model: the image is ${width}x${height}; the local cloud analyses at most ${LOCAL_MAX_PIXELS / 1_000_000} megapixels (Rekognition on AWS takes up to ${MAX_DIMENSION}x${MAX_DIMENSION})`,
    );
  }
}
