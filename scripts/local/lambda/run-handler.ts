import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EnvironmentPool } from './environment-pool';
import { ExecutionEnvironment, type LogSource } from './execution-environment';
import { FunctionError, type LambdaErrorObject } from './function-error';
import type { FunctionIdentity } from './lambda-environment';
import { endLine, errorLine, reportLine, startLine } from './log-lines';

export interface FunctionOptions {
  name: string;
  /** A CommonJS bundle (or .mjs) such as dist/functions/detect-labels/index.js. */
  bundlePath: string;
  /** The exported function to call; Lambda's handler setting is `index.handler`. */
  handlerName?: string;
  /** The function's own environment variables, as in its Lambda configuration. */
  env: Record<string, string>;
  timeoutSeconds: number;
  memorySizeMb?: number;
  /** How many invocations may run at once, each in its own environment (Lambda's concurrency). */
  maxConcurrency?: number;
  region?: string;
  accountId?: string;
  runtime?: string;
  /**
   * Receives every log line, timestamp first: the handler's console output (`function`) and Lambda's
   * START/END/REPORT and timeout lines (`platform`, which a console may choose to hide).
   */
  onLog: (functionName: string, line: string, source: LogSource) => void;
}

export interface LocalFunction {
  name: string;
  /** Resolves with the handler's result (through JSON, as Lambda returns it); rejects with a FunctionError. */
  invoke(event: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** Runs a handler bundle as Lambda would, in worker threads of this process, each with the function's own environment. */
export function startFunction(options: FunctionOptions): LocalFunction {
  const bundlePath = resolve(options.bundlePath);
  if (!existsSync(bundlePath)) throw new Error(`No bundle for ${options.name} at ${bundlePath}: build the functions first (npm run build)`);
  const identity: FunctionIdentity = {
    name: options.name,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
    memorySizeMb: options.memorySizeMb ?? 128,
    runtime: options.runtime ?? 'nodejs22.x',
  };
  const log = (line: string, source: LogSource) => options.onLog(options.name, line, source);
  const pool = new EnvironmentPool(
    () =>
      new ExecutionEnvironment({
        identity,
        bundlePath,
        handlerName: options.handlerName ?? 'handler',
        env: options.env,
        timeoutSeconds: options.timeoutSeconds,
        onLog: log,
      }),
    Math.max(1, options.maxConcurrency ?? 2),
  );
  pool.warm();

  async function invoke(event: unknown): Promise<unknown> {
    const requestId = randomUUID();
    const environment = await pool.acquire();
    try {
      await environment.ready;
      const initDurationMs = environment.initDurationMs;
      environment.initDurationMs = undefined;
      log(startLine(requestId), 'platform');
      const startedAt = performance.now();
      try {
        const payload = await environment.invoke(requestId, JSON.stringify(event) ?? 'null');
        return JSON.parse(payload) as unknown;
      } catch (error) {
        const errorObject = error as LambdaErrorObject;
        if (errorObject.errorType !== 'Sandbox.Timedout') log(errorLine(requestId, 'Invoke Error', errorObject), 'function');
        throw new FunctionError(options.name, requestId, errorObject);
      } finally {
        log(endLine(requestId), 'platform');
        log(reportLine(requestId, performance.now() - startedAt, identity.memorySizeMb, initDurationMs), 'platform');
      }
    } finally {
      pool.release(environment);
    }
  }

  return { name: options.name, invoke, close: () => pool.close() };
}
