import type { ImageError } from '../shared/results-table';

/** Why an image was not analysed: a stable code for the site, a sentence for the person. */
export const FAILURE_MESSAGES = {
  EMPTY_FILE: 'The file is empty.',
  FILE_TOO_LARGE: 'The file is larger than the upload limit.',
  UNSUPPORTED_CONTENT_TYPE: 'Only JPEG and PNG images can be analysed.',
  NOT_AN_IMAGE: 'The file is not a JPEG or PNG image, whatever its name says.',
  INVALID_IMAGE_FORMAT: 'The image could not be read; it may be damaged or cut short.',
  IMAGE_TOO_LARGE: 'The image is too large for Rekognition to analyse.',
  INVALID_IMAGE: 'Rekognition cannot analyse this image (it may be too small).',
  OBJECT_MISSING: 'The upload was deleted before it could be analysed.',
  UNREADABLE_OBJECT: 'Rekognition could not read the upload from S3.',
  PROCESSING_ERROR: 'The image could not be analysed because of an error on our side.',
  OBJECT_REPLACED: 'The upload was replaced by another file after it was sent, so its labels were not kept. Upload the photo again.',
  ANALYSIS_TIMED_OUT: 'No analysis finished in time: the upload never arrived, or every attempt to analyse it failed. Try again.',
} as const;

export type FailureCode = keyof typeof FAILURE_MESSAGES;

export function failure(code: FailureCode, message: string = FAILURE_MESSAGES[code]): ImageError {
  return { code, message };
}

// DetectLabels errors that no retry can fix:
// https://docs.aws.amazon.com/rekognition/latest/APIReference/API_DetectLabels.html#API_DetectLabels_Errors
const REKOGNITION_FAILURES: Record<string, FailureCode> = {
  InvalidImageFormatException: 'INVALID_IMAGE_FORMAT',
  ImageTooLargeException: 'IMAGE_TOO_LARGE',
  InvalidParameterException: 'INVALID_IMAGE',
  InvalidS3ObjectException: 'UNREADABLE_OBJECT',
};

export function rekognitionFailure(error: unknown): ImageError | undefined {
  const code = error instanceof Error ? REKOGNITION_FAILURES[error.name] : undefined;
  return code ? failure(code) : undefined;
}
