import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { DetectLabelsResponse } from '@aws-sdk/client-rekognition';
import type { DetectLabelsOptions } from './detect-labels';
import { RekognitionError } from './errors';
import { readImageHeader } from './image-header';
import { checkImageLimits } from './image-limits';
import type { LabelJob, WorkerMessage } from './label-worker-thread';

export interface LabelDetectorOptions {
  log: (line: string) => void;
  /** Start the worker and load the model now rather than on the first image. */
  preload?: boolean;
  /** How long one image may take before the worker is stopped and the image refused. */
  timeoutMs?: number;
  resourceLimits?: ResourceLimits;
}

export interface LabelDetector {
  detect(bytes: Uint8Array, options: DetectLabelsOptions): Promise<DetectLabelsResponse>;
  /** Resolves with the model's load time once the worker has it (starting the worker if need be). */
  loaded(): Promise<number>;
  close(): Promise<void>;
}

const WORKER_FILE = path.join(__dirname, 'label-worker.js');
const DEFAULT_TIMEOUT_MS = 30_000;
// The model and one image's tensors need far less; the decoded pixels are outside this heap (in
// ArrayBuffers and wasm memory), which is why image-limits.ts bounds the pixel count.
const DEFAULT_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 };

interface PendingJob extends LabelJob {
  resolve: (response: DetectLabelsResponse) => void;
  reject: (error: Error) => void;
}

/**
 * Decodes images and runs the model in a worker thread, one image at a time, so that no image can
 * hold up the servers; the dimensions are checked from the header before the image is sent. A
 * worker that crashes, runs out of memory or takes too long is replaced, and its image refused.
 */
export function startLabelDetector(options: LabelDetectorOptions): LabelDetector {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const queue: PendingJob[] = [];
  let worker: Worker | undefined;
  let current: { job: PendingJob; worker: Worker; timer?: NodeJS.Timeout } | undefined;
  let loaded: Promise<number> | undefined;
  let nextId = 1;
  let closed = false;

  const settle = (id: number, finish: (job: PendingJob) => void) => {
    if (!current || current.job.id !== id) return;
    clearTimeout(current.timer);
    const { job } = current;
    current = undefined;
    finish(job);
    pump();
  };

  const start = (): Worker => {
    const started = new Worker(WORKER_FILE, { resourceLimits: options.resourceLimits ?? DEFAULT_RESOURCE_LIMITS, execArgv: [], name: 'rekognition' });
    let failure: Error | undefined;
    loaded = new Promise<number>((resolve, reject) => {
      started.on('message', (message: WorkerMessage) => {
        if (message.type === 'loaded') {
          options.log(`rekognition model loaded in ${message.loadMs} ms`);
          resolve(message.loadMs);
        } else if (message.type === 'load-failed') {
          options.log(`rekognition model failed to load: ${message.message}`);
          reject(new Error(message.message));
        } else if (message.type === 'labelled') {
          settle(message.id, (job) => job.resolve(message.response));
        } else {
          settle(message.id, (job) => job.reject(new RekognitionError(message.error.type, message.error.message)));
        }
      });
      started.on('exit', () => reject(new Error('the worker stopped before the model was loaded')));
    });
    loaded.catch(() => undefined);
    started.on('error', (error) => {
      failure = error;
    });
    started.on('exit', (exitCode) => {
      if (worker === started) worker = undefined;
      if (current?.worker === started) settle(current.job.id, (job) => job.reject(workerLost(failure, exitCode)));
    });
    return started;
  };

  function workerLost(failure: Error | undefined, exitCode: number): RekognitionError {
    const outOfMemory = (failure as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    options.log(`rekognition worker stopped (${failure?.message ?? `exit code ${exitCode}`}); starting a new one`);
    return outOfMemory
      ? new RekognitionError('ImageTooLargeException', 'Image size is too large: analysing it needs more memory than the local model may use')
      : new RekognitionError('InternalServerError', 'The local model stopped while analysing the image');
  }

  function pump(): void {
    if (closed || current || queue.length === 0) return;
    worker ??= start();
    const busy = worker;
    const ready = loaded as Promise<number>;
    const job = queue.shift() as PendingJob;
    current = { job, worker: busy };
    // The image's time starts once the model is loaded; a model that cannot load fails the image.
    ready.then(
      () => send(job, busy),
      (error: Error) => settle(job.id, (failed) => failed.reject(new RekognitionError('InternalServerError', `The local model could not be loaded: ${error.message}`))),
    );
  }

  function send(job: PendingJob, busy: Worker): void {
    if (current?.job.id !== job.id) return;
    const timer = setTimeout(() => {
      options.log(`rekognition worker took over ${timeoutMs} ms on one image; starting a new one`);
      if (worker === busy) worker = undefined;
      void busy.terminate();
      settle(job.id, (timedOut) => timedOut.reject(new RekognitionError('ImageTooLargeException', `Image size is too large: the local model gave up after ${timeoutMs / 1000} s`)));
    }, timeoutMs);
    current.timer = timer;
    const bytes = new Uint8Array(job.bytes);
    busy.postMessage({ id: job.id, bytes, options: job.options } satisfies LabelJob, [bytes.buffer]);
  }

  if (options.preload) worker = start();

  return {
    detect(bytes, detectOptions) {
      if (closed) return Promise.reject(new RekognitionError('InternalServerError', 'The local Rekognition endpoint has stopped'));
      try {
        checkImageLimits(readImageHeader(bytes));
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, bytes, options: detectOptions, resolve, reject });
        pump();
      });
    },
    loaded() {
      worker ??= start();
      return loaded as Promise<number>;
    },
    async close() {
      closed = true;
      const stopped = new RekognitionError('InternalServerError', 'The local Rekognition endpoint has stopped');
      for (const job of queue.splice(0)) job.reject(stopped);
      if (current) settle(current.job.id, (job) => job.reject(stopped));
      await worker?.terminate();
    },
  };
}
