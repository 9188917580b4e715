import { parentPort } from 'node:worker_threads';
import type { DetectLabelsResponse } from '@aws-sdk/client-rekognition';
import { detectLabels, type DetectLabelsOptions } from './detect-labels';
import { RekognitionError, type RekognitionErrorType } from './errors';
import { detectObjects } from './detect-objects';
import { loadCenterNet } from './model';

export interface LabelJob {
  id: number;
  bytes: Uint8Array;
  options: DetectLabelsOptions;
}

export type WorkerMessage =
  | { type: 'loaded'; loadMs: number }
  | { type: 'load-failed'; message: string }
  | { type: 'labelled'; id: number; response: DetectLabelsResponse }
  | { type: 'refused'; id: number; error: { type: RekognitionErrorType; message: string } };

const port = parentPort;
if (port) {
  const post = (message: WorkerMessage) => port.postMessage(message);
  const started = performance.now();
  // Loaded once for the life of the worker: it takes about a second, and the first inference
  // (which compiles the wasm kernels) another, so a blank image goes through before any photo.
  loadCenterNet()
    .then((model) => detectObjects(model, { width: model.inputSize, height: model.inputSize, data: new Uint8Array(model.inputSize * model.inputSize * 3) }))
    .then(
    () => post({ type: 'loaded', loadMs: Math.round(performance.now() - started) }),
    (error: Error) => post({ type: 'load-failed', message: error.message }),
  );
  port.on('message', async (job: LabelJob) => {
    try {
      post({ type: 'labelled', id: job.id, response: await detectLabels(job.bytes, job.options) });
    } catch (caught) {
      const error = caught instanceof RekognitionError ? caught : new RekognitionError('InternalServerError', `The local model failed: ${(caught as Error).message}`);
      post({ type: 'refused', id: job.id, error: { type: error.type, message: error.message } });
    }
  });
}
