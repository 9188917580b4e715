import { testSettings } from '../support/context';
import { LOCAL_DEFAULTS, localSettings } from '../../scripts/local/dev-command';
import { requestUpload } from '../support/local-cloud/api-client';
import { startTestCloud, type TestCloud } from '../support/local-cloud/test-cloud';

jest.setTimeout(30_000);

describe("the local cloud's own defaults", () => {
  test('a daily quota of its own, and a lower confidence threshold for its model', () => {
    expect(LOCAL_DEFAULTS.dailyUploadLimit).toBeGreaterThan(0);
    expect(localSettings(testSettings(), {})).toMatchObject(LOCAL_DEFAULTS);
  });

  test('a value in the environment (or .env) wins', () => {
    const settings = testSettings({ dailyUploadLimit: 3, minConfidence: 80 });
    const env = { REKOG_DAILY_UPLOAD_LIMIT: '3', REKOG_MIN_CONFIDENCE: '80' };
    expect(localSettings(settings, env)).toMatchObject({ dailyUploadLimit: 3, minConfidence: 80 });
  });
});

describe('the daily upload quota, locally', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud({ dailyUploadLimit: 2 }, { preloadModel: false });
  }, 60_000);
  afterAll(() => cloud?.close());

  test('past the limit, the API answers 429 with when uploads open again', async () => {
    const file = { fileName: 'photo.jpg', contentType: 'image/jpeg', size: 1_000 };
    await requestUpload(cloud.apiUrl, file);
    await requestUpload(cloud.apiUrl, file);

    const refused = await fetch(`${cloud.apiUrl}/generate-upload-url`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(file) });
    const body = (await refused.json()) as { error: { code: string; message: string; resetsAt: string } };

    expect(refused.status).toBe(429);
    expect(body.error).toMatchObject({ code: 'DAILY_LIMIT_REACHED', message: expect.stringMatching(/limit of 2 uploads.*00:00 UTC/), resetsAt: expect.stringMatching(/T00:00:00.000Z$/) });
  });
});
