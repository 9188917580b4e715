import { postForm, readLabels, requestUpload, type ImageFile, type LabelsAnswer } from '../support/local-cloud/api-client';
import { blackPng } from '../support/local-cloud/png-bomb';
import { startTestCloud, type TestCloud } from '../support/local-cloud/test-cloud';
import { readFixture } from '../support/fixtures';

jest.setTimeout(60_000);

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  await cloud.modelLoaded();
}, 60_000);
afterAll(() => cloud?.close());

interface Watched {
  answer: LabelsAnswer;
  /** The slowest detect-labels answer while the image was analysed. */
  slowestPollMs: number;
  elapsedMs: number;
}

/** Uploads as the page does, then polls detect-labels every 100 ms, timing each answer, until the image is done or failed. */
async function uploadAndWatch(file: ImageFile, giveUpAfterMs = 20_000): Promise<Watched> {
  const started = performance.now();
  const prepared = await requestUpload(cloud.apiUrl, { fileName: file.fileName, contentType: file.contentType, size: file.bytes.length });
  const posted = await postForm(prepared.upload, file);
  expect(posted.status).toBe(204);
  let slowestPollMs = 0;
  for (;;) {
    const asked = performance.now();
    const { status, body } = await readLabels(cloud.apiUrl, prepared.key);
    slowestPollMs = Math.max(slowestPollMs, performance.now() - asked);
    if (status === 200) return { answer: body, slowestPollMs, elapsedMs: performance.now() - started };
    if (performance.now() - started > giveUpAfterMs) throw new Error(`${file.fileName} still ${body.status} after ${giveUpAfterMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const png = (fileName: string, bytes: Buffer): ImageFile => ({ fileName, contentType: 'image/png', bytes });

test('a 100-megapixel PNG bomb is refused as too large within seconds, and the API answers at once throughout', async () => {
  const bomb = png('bomb-100mp.png', blackPng(10_000, 10_000));

  const watched = await uploadAndWatch(bomb);

  expect(bomb.bytes.length).toBeLessThan(100_000);
  expect(watched.answer).toMatchObject({ status: 'failed', error: { code: 'IMAGE_TOO_LARGE' } });
  expect(watched.slowestPollMs).toBeLessThan(1_000);
  expect(watched.elapsedMs).toBeLessThan(10_000);
});

test('a 400-megapixel PNG is refused as Rekognition refuses it, and a photo sent with it is still labelled', async () => {
  const [bomb, photo] = await Promise.all([
    uploadAndWatch(png('bomb-400mp.png', blackPng(20_000, 20_000))),
    uploadAndWatch({ fileName: 'astronaut.jpg', contentType: 'image/jpeg', bytes: readFixture('astronaut.jpg') }),
  ]);

  expect(bomb.answer).toMatchObject({ status: 'failed', error: { code: 'IMAGE_TOO_LARGE' } });
  expect(photo.answer.status).toBe('done');
  expect(photo.answer.labels?.map((label) => label.name)).toContain('Person');
  expect(Math.max(bomb.slowestPollMs, photo.slowestPollMs)).toBeLessThan(1_000);
});

test('an image smaller than 80 x 80 pixels is refused as Rekognition refuses it', async () => {
  const watched = await uploadAndWatch(png('icon.png', blackPng(60, 60)));

  expect(watched.answer).toMatchObject({ status: 'failed', error: { code: 'INVALID_IMAGE' } });
});
