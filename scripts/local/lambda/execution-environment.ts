import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { exitError, timeoutError, toErrorObject, type LambdaErrorObject } from './function-error';
import { invocationContext, lambdaEnvironment, newLogStreamName, type FunctionIdentity } from './lambda-environment';
import { consoleLines, errorLine, rawLine, timeoutLine } from './log-lines';

export type LogSource = 'function' | 'platform';

export interface EnvironmentSettings {
  identity: FunctionIdentity;
  bundlePath: string;
  handlerName: string;
  env: Record<string, string>;
  timeoutSeconds: number;
  onLog: (line: string, source: LogSource) => void;
}

type WorkerMessage =
  | { type: 'ready'; initDurationMs: number; error?: LambdaErrorObject }
  | { type: 'log'; time: string; requestId: string; level: string; text: string }
  | { type: 'result'; requestId: string; payload: string }
  | { type: 'error'; requestId: string; error: LambdaErrorObject };

interface InFlight {
  requestId: string;
  resolve: (payload: string) => void;
  reject: (error: LambdaErrorObject) => void;
  timer: NodeJS.Timeout;
}

const WORKER_SCRIPT = join(__dirname, 'worker.js');

/**
 * One execution environment: a worker thread with its own process.env and its own module instance of the bundle,
 * running one invocation at a time. Like Lambda, it is thrown away after a timeout or a crash.
 */
export class ExecutionEnvironment {
  readonly logStreamName = newLogStreamName();
  /** Settles once the bundle is loaded (or failed to load, or the worker died): the init phase is over. */
  readonly ready: Promise<void>;
  /** Reported once, in the REPORT line of the first invocation, as Lambda does for a cold start. */
  initDurationMs: number | undefined;
  private alive = true;
  private inFlight: InFlight | undefined;
  private readonly worker: Worker;

  constructor(private readonly settings: EnvironmentSettings) {
    const { identity, bundlePath, handlerName, env } = settings;
    this.worker = new Worker(WORKER_SCRIPT, {
      workerData: { bundlePath, handlerName },
      // Worker({env}) gives the thread its own copy of process.env: three functions, three environments, one process.
      env: lambdaEnvironment(identity, bundlePath, handlerName, this.logStreamName, env),
      execArgv: [],
      stdout: true,
      stderr: true,
      name: identity.name,
    });
    for (const stream of [this.worker.stdout, this.worker.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => settings.onLog(rawLine(line), 'function'));
    }
    this.ready = new Promise<void>((resolve) => {
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          this.initDurationMs = message.initDurationMs;
          if (message.error) settings.onLog(errorLine('undefined', 'Uncaught Exception', message.error), 'function');
          resolve();
        } else this.receive(message);
      });
      this.worker.on('exit', (exitCode) => {
        this.alive = false;
        this.settle((inFlight) => inFlight.reject(exitError(inFlight.requestId, exitCode)));
        resolve();
      });
    });
    // An uncaught exception or unhandled rejection outside the handler's promise kills the environment.
    this.worker.on('error', (error) => {
      this.alive = false;
      const errorObject = toErrorObject(error);
      settings.onLog(errorLine(this.inFlight?.requestId ?? 'undefined', 'Uncaught Exception', errorObject), 'function');
      this.settle((inFlight) => inFlight.reject(errorObject));
    });
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /** Runs one invocation; resolves with the result as JSON, rejects with the runtime's error object. */
  invoke(requestId: string, payload: string): Promise<string> {
    const { identity, timeoutSeconds } = this.settings;
    return new Promise<string>((resolve, reject) => {
      if (!this.alive) return reject(exitError(requestId, 1));
      const timer = setTimeout(() => this.timeOut(), timeoutSeconds * 1000);
      this.inFlight = { requestId, resolve, reject, timer };
      const context = invocationContext(identity, requestId, this.logStreamName, Date.now() + timeoutSeconds * 1000);
      this.worker.postMessage({ requestId, payload, context });
    });
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  private receive(message: Exclude<WorkerMessage, { type: 'ready' }>): void {
    if (message.type === 'log') {
      for (const line of consoleLines(message.time, message.requestId, message.level, message.text)) this.settings.onLog(line, 'function');
      return;
    }
    if (message.requestId !== this.inFlight?.requestId) return;
    this.settle((inFlight) => (message.type === 'result' ? inFlight.resolve(message.payload) : inFlight.reject(message.error)));
  }

  /** Lambda stops the invocation and discards the environment, so no work of the timed-out call carries on. */
  private timeOut(): void {
    const { timeoutSeconds } = this.settings;
    this.settle((inFlight) => {
      this.settings.onLog(timeoutLine(inFlight.requestId, timeoutSeconds), 'platform');
      inFlight.reject(timeoutError(inFlight.requestId, timeoutSeconds));
    });
    void this.terminate();
  }

  private settle(finish: (inFlight: InFlight) => void): void {
    const inFlight = this.inFlight;
    if (!inFlight) return;
    this.inFlight = undefined;
    clearTimeout(inFlight.timer);
    finish(inFlight);
  }
}
