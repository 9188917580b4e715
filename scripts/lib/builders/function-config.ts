import type { FunctionKey } from './names';

/** Memory and time for each function: the upload URL and the lookup are quick; analysis waits on Rekognition. */
export const FUNCTION_LIMITS: Record<FunctionKey, { timeoutSeconds: number; memoryMb: number }> = {
  'generate-upload-url': { timeoutSeconds: 10, memoryMb: 256 },
  'process-image-upload': { timeoutSeconds: 60, memoryMb: 256 },
  'detect-labels': { timeoutSeconds: 10, memoryMb: 256 },
};

/** Lambda retries a failed asynchronous (S3) invocation this many times. */
export const ASYNC_RETRY_ATTEMPTS = 2;

/**
 * How long Lambda keeps an S3 event (retries included) before it gives up and hands it to the
 * on-failure queue: a quarter of an hour instead of the default six, so no image waits for hours.
 */
export const MAXIMUM_EVENT_AGE_SECONDS = 900;

/**
 * When an image issued an upload URL must have an outcome, counted from the URL: the upload (at
 * the latest when the URL expires), Lambda's whole retry window, a last attempt, and a minute's
 * margin. After it, detect-labels answers `failed` (ANALYSIS_TIMED_OUT) rather than `processing`.
 */
export function processingDeadlineSeconds(uploadUrlExpirySeconds: number): number {
  return uploadUrlExpirySeconds + MAXIMUM_EVENT_AGE_SECONDS + FUNCTION_LIMITS['process-image-upload'].timeoutSeconds + 60;
}

export const ARCHITECTURE = 'arm64';
