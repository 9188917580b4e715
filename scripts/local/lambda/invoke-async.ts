import type { LocalFunction } from './run-handler';

// Lambda retries a failed asynchronous (S3) invocation twice, as the deployed event invoke config says.
export const ASYNC_ATTEMPTS = 3;

/** An asynchronous invocation as S3 makes it: a failed attempt is retried, the last failure is logged and dropped. */
export async function invokeAsync(fn: LocalFunction, event: unknown, log: (line: string) => void): Promise<void> {
  for (let attempt = 1; attempt <= ASYNC_ATTEMPTS; attempt += 1) {
    try {
      await fn.invoke(event);
      return;
    } catch (error) {
      log(`lambda ${fn.name} failed (attempt ${attempt} of ${ASYNC_ATTEMPTS}): ${(error as Error).message}`);
    }
  }
}
