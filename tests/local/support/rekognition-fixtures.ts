import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared photos live beside the repository: /work/shared locally, ../shared in a CI checkout. */
export const FIXTURE_IMAGES = path.resolve(__dirname, '../../../../shared/fixtures/images');

export function readFixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURE_IMAGES, name));
}

/** Model loading (wasm start-up and 4 MB of weights) takes about a second here; slower CI machines get room. */
export const MODEL_LOAD_TIMEOUT_MS = 120_000;
export const INFERENCE_TIMEOUT_MS = 30_000;
