import { setTimeout as sleep } from 'node:timers/promises';
import { DeployError, isAwsError } from './errors';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 8000 };

export interface RetryableError {
  /** Error names (error.name) that mean "not yet", such as InvalidParameterValueException for a new role. */
  names: string[];
  /** Narrows a shared error name to the eventual-consistency case. */
  when?: (error: Error) => boolean;
  /** What the user is told if the bound is reached. */
  giveUp: string;
}

/**
 * Retries the eventual-consistency errors AWS documents (a role not yet assumable, a notification
 * target not yet valid) with exponential backoff and full jitter, up to a bound. Everything else
 * is thrown at once.
 */
export async function retryWhile<T>(retryable: RetryableError, action: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      const matches = isAwsError(error, ...retryable.names) && (!retryable.when || retryable.when(error));
      if (!matches) throw error;
      if (attempt >= policy.maxAttempts) {
        throw new DeployError('RETRIES_EXHAUSTED', `${retryable.giveUp} (gave up after ${attempt} attempts)`, { cause: error });
      }
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.random() * ceiling);
    }
  }
}
