import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { MEBIBYTE } from '../../config/defaults';
import { postForm, readLabels, requestUpload } from '../support/local-cloud/api-client';
import { launchChromium, saveScreenshot } from './support/browser';
import { cardOf, cardOutcome, chooseFiles, openSite } from './support/site-page';
import { startTestCloud, type TestCloud } from '../support/local-cloud/test-cloud';

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
// Over the default 10 MiB upload limit, under the upload gate's 20 MiB reading limit.
const OVERSIZE_BYTES = 11 * MEBIBYTE;

/** Every file under a folder, at any depth: s3rver keeps each object as files on disk. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('uploads the app must refuse', () => {
  let cloud: TestCloud;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let scratch: string;
  let fakeJpeg: string;
  let oversizeJpeg: string;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'rekog-e2e-files-'));
    fakeJpeg = path.join(scratch, 'fake.jpg');
    writeFileSync(fakeJpeg, 'This is a shopping list, not a photo.\nEggs, milk, bread.\n');
    oversizeJpeg = path.join(scratch, 'huge.jpg');
    writeFileSync(oversizeJpeg, Buffer.concat([JPEG_START, Buffer.alloc(OVERSIZE_BYTES - JPEG_START.length, 0x42)]));
    [cloud, browser] = await Promise.all([startTestCloud(), launchChromium()]);
  }, 120_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await cloud?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('a text file named fake.jpg is uploaded, then fails with a sentence saying it is not an image', async () => {
    const site = await openSite(browser, cloud.siteUrl);
    context = site.context;

    await chooseFiles(site.page, fakeJpeg);

    const outcome = await cardOutcome(site.page, 'fake.jpg');
    expect(outcome.status).toBe('failed');
    expect(outcome.errorMessage).toMatch(/could not be analysed.*not a JPEG or PNG image/i);
    // It really went through the upload: the refusal is the handler's, not the page's check.
    expect(site.watch.requestedUrls.some((url) => url.startsWith(cloud.s3Url))).toBe(true);
    expect(site.watch.consoleErrors).toEqual([]);
    // Uploading the same file again cannot help, and a file that is not an image has no preview.
    const card = cardOf(site.page, 'fake.jpg');
    expect(await card.locator('.retry').count()).toBe(0);
    expect(await card.locator('.card-media').isHidden()).toBe(true);
    await saveScreenshot(site.page, 'fake-jpg');
  });

  test('a file over the upload limit is refused by the page before anything is sent', async () => {
    const site = await openSite(browser, cloud.siteUrl);
    context = site.context;

    await chooseFiles(site.page, oversizeJpeg);

    const card = cardOf(site.page, 'huge.jpg');
    await card.and(site.page.locator('[data-status="failed"]')).waitFor();
    expect(await card.locator('.error-message').innerText()).toMatch(/huge\.jpg.*11 MB, more than the 10 MB limit/);
    const apiOrS3 = site.watch.requestedUrls.filter((url) => url.startsWith(cloud.apiUrl) || url.startsWith(cloud.s3Url));
    expect(apiOrS3).toEqual([]);
    await saveScreenshot(site.page, 'oversize-refused-by-page');
  });

  test('a forged POST bigger than its upload form allows is refused by S3 with EntityTooLarge, and nothing lands', async () => {
    const small = await requestUpload(cloud.apiUrl, { fileName: 'small.jpg', contentType: 'image/jpeg', size: 1000 });
    const oversize = Buffer.concat([JPEG_START, Buffer.alloc(small.maxBytes + MEBIBYTE - JPEG_START.length, 0x42)]);

    const posted = await postForm(small.upload, { fileName: 'small.jpg', contentType: 'image/jpeg', bytes: oversize });

    expect(posted.status).toBe(400);
    expect(posted.body).toContain('<Code>EntityTooLarge</Code>');
    // Had the object been stored, its ObjectCreated event would have started the analysis by now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const labels = await readLabels(cloud.apiUrl, small.key);
    expect({ status: labels.status, imageStatus: labels.body.status }).toEqual({ status: 202, imageStatus: 'awaiting-upload' });
    const objectId = path.basename(small.key, path.extname(small.key));
    expect(filesUnder(path.join(cloud.dataRoot, '.rekog', 'local', 's3')).filter((file) => file.includes(objectId))).toEqual([]);
  });
});
