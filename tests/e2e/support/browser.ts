import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

// Debian's package; playwright's own browser download is not used (no network in CI's test step).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(__dirname, '../artifacts');
export const VIEWPORT = { width: 1280, height: 900 };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** What went wrong in the page that a person would not see: console errors, uncaught exceptions, requests off this machine. */
export interface PageWatch {
  consoleErrors: string[];
  pageErrors: string[];
  offMachineRequests: string[];
  requestedUrls: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { consoleErrors: [], pageErrors: [], offMachineRequests: [], requestedUrls: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.stack ?? error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    watch.requestedUrls.push(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (!LOOPBACK_HOSTS.has(url.hostname)) watch.offMachineRequests.push(request.url());
  });
  return watch;
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
