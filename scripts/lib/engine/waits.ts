import type { Clock } from './clock';
import { DeployError, isAwsError } from './errors';
import type { Reporter } from './reporter';

export interface WaitContext {
  clock: Clock;
  log: Reporter;
  waiting: { maxSeconds: number };
}

/** A long wait says so now and then, with the time so far. */
const PROGRESS_EVERY_MS = 10_000;

function seconds(milliseconds: number): string {
  return milliseconds < 120_000 ? `${Math.round(milliseconds / 1000)} s` : `${(milliseconds / 60_000).toFixed(1)} min`;
}

export interface EventualConsistency {
  /** What is awaited, for the progress line and the error: "IAM to make role x assumable by Lambda". */
  waitingFor: string;
  /** Error names (error.name) that mean "not yet". */
  names: string[];
  /** Narrows a shared error name to the eventual-consistency case. */
  when?: (error: Error) => boolean;
  /** How long AWS documents (or is seen to take) at worst; the wait ends there. */
  withinMs: number;
  /** What the user can do once that time has passed. */
  advice: string;
}

/**
 * Retries the errors AWS answers while a change propagates (a new role, a deleted bucket name, a
 * new permission), with exponential backoff and jitter, until `withinMs` has passed on the clock.
 * Bounded by time, not attempts: AWS documents these windows in time. Everything else is thrown.
 */
export async function retryWhile<T>(ctx: WaitContext, condition: EventualConsistency, action: () => Promise<T>): Promise<T> {
  const started = ctx.clock.now();
  let reported = started;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await action();
    } catch (error) {
      if (!isAwsError(error, ...condition.names) || (condition.when && !condition.when(error))) throw error;
      const elapsed = ctx.clock.now() - started;
      if (elapsed >= condition.withinMs) {
        throw new DeployError('WAIT_TIMED_OUT', `Waited ${seconds(elapsed)} for ${condition.waitingFor}, in vain. ${condition.advice}`, { cause: error });
      }
      if (attempt === 1) ctx.log.progress(`waiting for ${condition.waitingFor}…`);
      else if (ctx.clock.now() - reported >= PROGRESS_EVERY_MS) {
        reported = ctx.clock.now();
        ctx.log.progress(`waiting for ${condition.waitingFor}… ${seconds(elapsed)}`);
      }
      const ceiling = Math.min(5000, 250 * 2 ** (attempt - 1));
      await ctx.clock.sleep(Math.min(ceiling / 2 + Math.random() * (ceiling / 2), condition.withinMs - elapsed));
    }
  }
}

/** What the SDK's `waitFor…` functions resolve with (their `waitUntil…` twins throw JSON instead). */
export interface WaiterResult {
  state: 'SUCCESS' | 'FAILURE' | 'RETRY' | 'TIMEOUT' | 'ABORTED' | string;
  reason?: unknown;
}

/**
 * Runs one of the SDK's `waitFor…` waiters (function active, table gone…), printing progress while
 * it lasts, and turns its failure into one line: `explain` reads why from the waiter's last answer
 * (the SDK's own waiter errors are JSON of that answer, signed URLs and all).
 */
export async function waitFor(
  ctx: WaitContext,
  what: string,
  waiter: () => Promise<WaiterResult>,
  explain: (reason: unknown) => DeployError | undefined = () => undefined,
): Promise<void> {
  const started = Date.now();
  const ticker = setInterval(() => ctx.log.progress(`waiting for ${what}… ${seconds(Date.now() - started)}`), PROGRESS_EVERY_MS);
  ticker.unref();
  let result: WaiterResult;
  try {
    result = await waiter();
  } finally {
    clearInterval(ticker);
  }
  if (result.state === 'SUCCESS') return;
  if (result.state === 'TIMEOUT' || result.state === 'ABORTED') {
    throw new DeployError('WAIT_TIMED_OUT', `Waited ${seconds(ctx.waiting.maxSeconds * 1000)} for ${what}, in vain. Run the command again; it picks up where this one stopped.`);
  }
  throw explain(result.reason) ?? new DeployError('AWS_ERROR', `Gave up waiting for ${what}: AWS reported a failure (${result.state}).`);
}
