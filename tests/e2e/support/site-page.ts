import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { VIEWPORT, watchPage, type PageWatch } from './browser';

export interface OpenSite {
  context: BrowserContext;
  page: Page;
  watch: PageWatch;
}

/** A fresh browser profile (empty history) on the site, with the page watched from its first request. */
export async function openSite(browser: Browser, siteUrl: string): Promise<OpenSite> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const watch = watchPage(page);
  await page.goto(siteUrl);
  return { context, page, watch };
}

export function chooseFiles(page: Page, files: string | string[]): Promise<void> {
  return page.locator('input[type=file]#file-input').setInputFiles(files);
}

export function cardOf(page: Page, fileName: string): Locator {
  return page.locator('#cards .card').filter({ has: page.locator('.file-name', { hasText: fileName }) });
}

export interface CardOutcome {
  status: string | null;
  errorMessage: string | null;
}

/** Waits until the file's card is done or failed, and says which, with the message a person reads. */
export async function cardOutcome(page: Page, fileName: string, timeoutMs = 30_000): Promise<CardOutcome> {
  const finished = page.locator('#cards .card:is([data-status="done"], [data-status="failed"])').filter({ has: page.locator('.file-name', { hasText: fileName }) });
  await finished.waitFor({ timeout: timeoutMs });
  const errorMessage = finished.locator('.error-message');
  return {
    status: await finished.getAttribute('data-status'),
    errorMessage: (await errorMessage.count()) ? await errorMessage.innerText() : null,
  };
}

export async function labelNames(card: Locator): Promise<string[]> {
  return card.locator('.label[data-label] .label-name').allInnerTexts();
}
