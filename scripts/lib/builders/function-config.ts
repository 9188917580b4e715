import type { FunctionKey } from './names';

/** Memory and time for each function: the upload URL and the lookup are quick; analysis waits on Rekognition. */
export const FUNCTION_LIMITS: Record<FunctionKey, { timeoutSeconds: number; memoryMb: number }> = {
  'generate-upload-url': { timeoutSeconds: 10, memoryMb: 256 },
  'process-image-upload': { timeoutSeconds: 60, memoryMb: 256 },
  'detect-labels': { timeoutSeconds: 10, memoryMb: 256 },
};

/** Lambda retries a failed asynchronous (S3) invocation this many times. */
export const ASYNC_RETRY_ATTEMPTS = 2;

export const ARCHITECTURE = 'arm64';
