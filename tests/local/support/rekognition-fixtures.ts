export { readFixture } from '../../support/fixtures';

/** Model loading (wasm start-up and 4 MB of weights) takes about a second here; slower CI machines get room. */
export const MODEL_LOAD_TIMEOUT_MS = 120_000;
export const INFERENCE_TIMEOUT_MS = 30_000;
