import { RekognitionError } from '../../scripts/local/rekognition/errors';
import { readImageHeader } from '../../scripts/local/rekognition/image-header';
import { checkImageLimits, LOCAL_MAX_PIXELS } from '../../scripts/local/rekognition/image-limits';
import { pngStart } from '../support/local-cloud/png-bomb';
import { readFixture } from '../support/fixtures';

function refusal(action: () => unknown): { type: string; message: string } | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (!(error instanceof RekognitionError)) throw error;
    return { type: error.type, message: error.message };
  }
}

describe('readImageHeader', () => {
  test.each([
    ['astronaut.jpg', 'JPEG', 512, 512],
    ['chelsea.jpg', 'JPEG', 451, 300],
    ['coffee.jpg', 'JPEG', 600, 400],
    ['coffee.png', 'PNG', 600, 400],
  ])('reads %s as %s %ix%i', (name, format, width, height) => {
    expect(readImageHeader(readFixture(name))).toEqual({ format, width, height });
  });

  test('reads the dimensions of a PNG from its first 24 bytes', () => {
    expect(readImageHeader(pngStart(20_000, 20_000).subarray(0, 24))).toEqual({ format: 'PNG', width: 20_000, height: 20_000 });
  });

  test('reads a progressive JPEG (SOF2) after other segments', () => {
    const app0 = [0xff, 0xe0, 0x00, 0x04, 0x00, 0x00];
    const sof2 = [0xff, 0xc2, 0x00, 0x0b, 0x08, 0x2e, 0xe0, 0x3a, 0x98, 0x01, 0x01, 0x11, 0x00];
    expect(readImageHeader(Uint8Array.from([0xff, 0xd8, ...app0, 0xff, 0xff, ...sof2]))).toEqual({ format: 'JPEG', width: 15_000, height: 12_000 });
  });

  test.each([
    ['text', Buffer.from('a shopping list, not a photo')],
    ['a PNG signature alone', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['a JPEG whose scan comes before any frame header', Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x00])],
    ['a JPEG cut short', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])],
    ['a PNG declaring 0 x 0', pngStart(0, 0)],
  ])('refuses %s with InvalidImageFormatException', (_, bytes) => {
    expect(refusal(() => readImageHeader(bytes))?.type).toBe('InvalidImageFormatException');
  });
});

describe('checkImageLimits, Rekognition DetectLabels quotas', () => {
  const limits = (width: number, height: number) => refusal(() => checkImageLimits({ format: 'PNG', width, height }));

  test('accepts 80 x 80, 10000 x 2500 and a 24 MP photo', () => {
    expect([limits(80, 80), limits(10_000, 2_500), limits(6_000, 4_000)]).toEqual([undefined, undefined, undefined]);
  });

  test('refuses a side under 80 pixels with InvalidParameterException', () => {
    expect(limits(79, 500)?.type).toBe('InvalidParameterException');
    expect(limits(500, 79)?.type).toBe('InvalidParameterException');
  });

  test('refuses a side over 10000 pixels with ImageTooLargeException', () => {
    expect(limits(10_001, 100)?.type).toBe('ImageTooLargeException');
    expect(limits(20_000, 20_000)?.type).toBe('ImageTooLargeException');
  });

  test('refuses more pixels than the local model decodes, saying the limit is local', () => {
    const refused = limits(10_000, 10_000);
    expect(refused?.type).toBe('ImageTooLargeException');
    expect(refused?.message).toContain(`${LOCAL_MAX_PIXELS / 1_000_000} megapixels`);
  });
});
