import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RekognitionError } from '../../scripts/local/rekognition/errors';
import { startLabelDetector, type LabelDetector } from '../../scripts/local/rekognition/label-detector';
import { blackPng } from '../support/local-cloud/png-bomb';
import { readFixture } from '../support/fixtures';
import { MODEL_LOAD_TIMEOUT_MS } from './support/rekognition-fixtures';

jest.setTimeout(60_000);

const log = jest.fn<void, [string]>();
beforeEach(() => log.mockClear());

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RekognitionError) return error.type;
    throw error;
  }
  throw new Error('expected the image to be refused');
}

describe('with the model loaded in its worker', () => {
  let detector: LabelDetector | undefined;
  afterEach(() => detector?.close());

  async function start(timeoutMs?: number): Promise<LabelDetector> {
    detector = startLabelDetector({ log, preload: true, timeoutMs });
    await detector.loaded();
    return detector;
  }

  test('labels a photo in the worker thread while this thread stays free', async () => {
    const detector = await start();
    // Nine megapixels: most of a second of decoding in pure JavaScript.
    const large = blackPng(3_000, 3_000);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();

    const [largeResult, photo] = await Promise.all([detector.detect(large, {}), detector.detect(readFixture('astronaut.jpg'), { minConfidence: 40 })]);

    delay.disable();
    expect(largeResult.Labels).toEqual([]);
    expect(photo.Labels?.map((label) => label.Name)).toContain('Person');
    // Decoding it on this thread would hold it for over a second.
    expect(delay.max / 1e6).toBeLessThan(500);
  }, MODEL_LOAD_TIMEOUT_MS);

  test('an image that takes too long is refused, its worker replaced, and the next image labelled', async () => {
    const TIMEOUT_MS = 2_000;
    const detector = await start(TIMEOUT_MS);
    // Twenty-five megapixels: about four seconds of decoding.
    expect(await refusal(detector.detect(blackPng(5_000, 5_000), {}))).toBe('ImageTooLargeException');
    const next = await detector.detect(readFixture('astronaut.jpg'), { minConfidence: 40 });

    expect(next.Labels?.map((label) => label.Name)).toContain('Person');
    expect(log).toHaveBeenCalledWith(`rekognition worker took over ${TIMEOUT_MS} ms on one image; starting a new one`);
  }, MODEL_LOAD_TIMEOUT_MS);
});

test('a decompression bomb is refused from its header, without waking the worker', async () => {
  const detector = startLabelDetector({ log });
  const started = performance.now();
  try {
    expect(await refusal(detector.detect(blackPng(10_000, 10_000), {}))).toBe('ImageTooLargeException');
    expect(await refusal(detector.detect(blackPng(20_000, 20_000), {}))).toBe('ImageTooLargeException');
    expect(await refusal(detector.detect(blackPng(60, 60), {}))).toBe('InvalidParameterException');
  } finally {
    await detector.close();
  }
  expect(performance.now() - started).toBeLessThan(2_000);
  expect(log).not.toHaveBeenCalled();
});
