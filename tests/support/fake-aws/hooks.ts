import type { AwsCall, CallHook } from '../../../scripts/lib/engine/clients';
import { unmodelledError } from './errors';

/** Reads change nothing: Get*, List*, Describe*, Head* (GetCallerIdentity included). Everything else writes. */
export function isReadOperation(operation: string): boolean {
  return /^(Get|List|Describe|Head)/.test(operation);
}

export interface CallCounter {
  hook: CallHook;
  calls: AwsCall[];
  reads(): AwsCall[];
  writes(): AwsCall[];
  reset(): void;
}

/** Records every call that passes through it, then lets it continue. */
export function callCounter(): CallCounter {
  const calls: AwsCall[] = [];
  return {
    hook: (call, next) => {
      calls.push(call);
      return next();
    },
    calls,
    reads: () => calls.filter((call) => isReadOperation(call.operation)),
    writes: () => calls.filter((call) => !isReadOperation(call.operation)),
    reset: () => {
      calls.length = 0;
    },
  };
}

export interface FaultInjectorOptions {
  /** The call to fail, counting every call through this hook from 1. */
  failAt: number;
  /**
   * `before`: the call never reaches AWS (a 503 after the SDK's retries). `after`: AWS did the work
   * but the answer was lost (a timeout), the harder case for a re-run to converge from.
   */
  when?: 'before' | 'after';
  error?: (call: AwsCall) => Error;
}

export interface FaultInjector {
  hook: CallHook;
  /** Calls seen so far. */
  readonly count: number;
  /** The call that was failed, once it has been. */
  readonly failed: AwsCall | undefined;
}

function serviceUnavailable(call: AwsCall): Error {
  return unmodelledError(call.service, 'ServiceUnavailable', 503, 'Service Unavailable (injected by faultInjector)');
}

function lostResponse(): Error {
  return Object.assign(new Error('Connection timed out after the request was sent (injected by faultInjector)'), {
    name: 'TimeoutError',
    code: 'ETIMEDOUT',
    $metadata: { attempts: 5, totalRetryDelay: 0 },
  });
}

/** Fails exactly one call, the `failAt`-th; put it before the fake in the hook list. */
export function faultInjector(options: FaultInjectorOptions): FaultInjector {
  let count = 0;
  let failed: AwsCall | undefined;
  const hook: CallHook = async (call, next) => {
    count += 1;
    if (count !== options.failAt) return next();
    failed = call;
    if (options.when === 'after') {
      await next();
      throw options.error?.(call) ?? lostResponse();
    }
    throw options.error?.(call) ?? serviceUnavailable(call);
  };
  return {
    hook,
    get count() {
      return count;
    },
    get failed() {
      return failed;
    },
  };
}
