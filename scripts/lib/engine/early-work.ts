import type { Context } from './context';

/**
 * Work a step can do before the steps it waits for are done: build its code, read its own
 * resources. `up` starts it for every step at once (Step.prepare) and the step's `ensure` takes the
 * result, so it overlaps with the other steps' calls instead of following them. Only what no other
 * step writes may be read early. A result is taken once: another `ensure` with the same context
 * (or one whose step was not prepared) does the work afresh.
 */
export interface EarlyWork<T> {
  start(ctx: Context): void;
  take(ctx: Context): Promise<T>;
}

export function earlyWork<T>(work: (ctx: Context) => Promise<T>): EarlyWork<T> {
  const started = new WeakMap<Context, Promise<T>>();
  return {
    start(ctx) {
      if (started.has(ctx)) return;
      const promise = work(ctx);
      // A failure is the step's to report when it takes the result; if it never runs, no one asks.
      promise.catch(() => undefined);
      started.set(ctx, promise);
    },
    take(ctx) {
      const promise = started.get(ctx);
      started.delete(ctx);
      return promise ?? work(ctx);
    },
  };
}
