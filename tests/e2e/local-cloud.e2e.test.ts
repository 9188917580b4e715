import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, saveScreenshot, type PageWatch } from './support/browser';
import { cardOf, cardOutcome, chooseFiles, labelNames, openSite } from './support/site-page';
import { fixturePath, type FixtureName } from '../support/fixtures';
import { startTestCloud, type TestCloud } from '../support/local-cloud/test-cloud';

// The README's picture is replaced only when asked (UPDATE_README_SCREENSHOT=1), so a test run leaves the tree clean.
const README_SCREENSHOT = process.env.UPDATE_README_SCREENSHOT === '1'
  ? path.resolve(__dirname, '../../docs/screenshot.png')
  : path.resolve(__dirname, 'artifacts/readme-screenshot.png');

function fixture(name: FixtureName): string {
  return fixturePath(name);
}

/** The two result cards, edge to edge: about 1280 × 930, which a README shows at a readable size. */
async function saveReadmeScreenshot(page: Page): Promise<void> {
  const cards = await page.locator('#cards').boundingBox();
  if (!cards) throw new Error('no result cards to photograph');
  const margin = 16;
  mkdirSync(path.dirname(README_SCREENSHOT), { recursive: true });
  await page.screenshot({
    path: README_SCREENSHOT,
    fullPage: true,
    clip: { x: 0, y: Math.max(0, cards.y - margin), width: page.viewportSize()!.width, height: cards.height + 2 * margin },
  });
}

function expectQuietPage(watch: PageWatch): void {
  expect({ consoleErrors: watch.consoleErrors, pageErrors: watch.pageErrors, offMachineRequests: watch.offMachineRequests }).toEqual({
    consoleErrors: [],
    pageErrors: [],
    offMachineRequests: [],
  });
}

describe('the local cloud in a browser', () => {
  let cloud: TestCloud;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [cloud, browser] = await Promise.all([startTestCloud(), launchChromium()]);
  }, 120_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await cloud?.close();
  });

  async function open(): Promise<{ page: Page; watch: PageWatch }> {
    const site = await openSite(browser, cloud.siteUrl);
    context = site.context;
    return site;
  }

  test('a photo of an astronaut is labelled Person, with a box drawn over the preview', async () => {
    const { page, watch } = await open();

    await chooseFiles(page, fixture('astronaut.jpg'));

    expect(await cardOutcome(page, 'astronaut.jpg')).toEqual({ status: 'done', errorMessage: null });
    const card = cardOf(page, 'astronaut.jpg');
    expect(await labelNames(card)).toContain('Person');
    const preview = await card.locator('img.preview').boundingBox();
    const boxes = card.locator('.box[data-label="Person"]');
    expect(await boxes.count()).toBeGreaterThanOrEqual(1);
    const box = await boxes.first().boundingBox();
    expect(preview).not.toBeNull();
    expect(box).not.toBeNull();
    expect(box!.width).toBeGreaterThan(0);
    expect(box!.height).toBeGreaterThan(0);
    const tolerance = 1;
    expect(box!.x).toBeGreaterThanOrEqual(preview!.x - tolerance);
    expect(box!.y).toBeGreaterThanOrEqual(preview!.y - tolerance);
    expect(box!.x + box!.width).toBeLessThanOrEqual(preview!.x + preview!.width + tolerance);
    expect(box!.y + box!.height).toBeLessThanOrEqual(preview!.y + preview!.height + tolerance);
    await saveScreenshot(page, 'astronaut');
    expectQuietPage(watch);
  });

  test('two photos chosen together are both analysed: Cup and Person', async () => {
    const { page, watch } = await open();

    await chooseFiles(page, [fixture('coffee.jpg'), fixture('astronaut.jpg')]);

    const outcomes = await Promise.all([cardOutcome(page, 'coffee.jpg'), cardOutcome(page, 'astronaut.jpg')]);
    expect(outcomes).toEqual([
      { status: 'done', errorMessage: null },
      { status: 'done', errorMessage: null },
    ]);
    expect(await labelNames(cardOf(page, 'coffee.jpg'))).toContain('Cup');
    expect(await labelNames(cardOf(page, 'astronaut.jpg'))).toContain('Person');
    await saveScreenshot(page, 'two-photos');
    await saveReadmeScreenshot(page);
    expectQuietPage(watch);
  });

  test('a reload lists the earlier uploads in the history', async () => {
    const { page, watch } = await open();
    await chooseFiles(page, [fixture('chelsea.jpg'), fixture('coffee.jpg')]);
    await Promise.all([cardOutcome(page, 'chelsea.jpg'), cardOutcome(page, 'coffee.jpg')]);

    await page.reload();

    await expect(page.locator('#cards .card').count()).resolves.toBe(0);
    const items = page.locator('#history .history-item');
    await items.first().waitFor();
    const entries = await items.evaluateAll((nodes) =>
      nodes.map((node) => ({ name: node.querySelector('.history-name')?.textContent, status: (node as HTMLElement).dataset.status })),
    );
    expect(entries).toEqual(
      expect.arrayContaining([
        { name: 'chelsea.jpg', status: 'done' },
        { name: 'coffee.jpg', status: 'done' },
      ]),
    );
    expect(await items.filter({ hasText: 'coffee.jpg' }).locator('.chip').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Cup /)]));
    await saveScreenshot(page, 'history-after-reload');
    expectQuietPage(watch);
  });

  test('a normal run logs no console error and sends every request to this machine', async () => {
    const { page, watch } = await open();

    await chooseFiles(page, fixture('coffee.png'));
    expect(await cardOutcome(page, 'coffee.png')).toEqual({ status: 'done', errorMessage: null });
    await page.reload();
    await page.locator('#history .history-item').first().waitFor();

    expectQuietPage(watch);
    // The watch saw the site, the API and the upload bucket, so no off-machine request means something.
    const origins = new Set(watch.requestedUrls.map((url) => new URL(url).origin));
    expect([...origins]).toEqual(expect.arrayContaining([cloud.siteUrl, cloud.apiUrl, cloud.s3Url].map((url) => new URL(url).origin)));
    await saveScreenshot(page, 'normal-run');
  });
});
