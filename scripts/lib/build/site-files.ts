import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy, withContentSecurityPolicy, type PageOrigins } from '../builders/content-security-policy';

export const CONFIG_FILE = 'config.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeOf(key: string): string {
  return CONTENT_TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream';
}

/** Pages and the generated config must never be stale; the rest may be cached briefly. */
export function cacheControlOf(key: string): string {
  return key.endsWith('.html') || key === CONFIG_FILE ? 'no-cache' : 'public, max-age=300';
}

export interface SiteConfig {
  apiUrl: string;
  maxUploadBytes: number;
  uploadUrlExpirySeconds: number;
  stack: string;
  region: string;
}

export function siteConfigScript(config: SiteConfig): string {
  return `window.REKOG_CONFIG = ${JSON.stringify(config, null, 2)};\n`;
}

export interface SiteFile {
  key: string;
  body: Buffer;
  md5: string;
  contentType: string;
  cacheControl: string;
}

export function siteFile(key: string, body: Buffer): SiteFile {
  return { key, body, md5: createHash('md5').update(body).digest('hex'), contentType: contentTypeOf(key), cacheControl: cacheControlOf(key) };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => !entry.name.startsWith('.'))
      .map(async (entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`])),
  );
  return nested.flat().sort();
}

export const PAGE_FILE = 'index.html';

/**
 * Every file of site/, with config.js generated for this deployment in place of any local one, and
 * the page's Content-Security-Policy naming exactly the origins it talks to.
 */
export async function siteFiles(siteDir: string, config: SiteConfig, origins: PageOrigins): Promise<SiteFile[]> {
  const keys = (await listFiles(siteDir)).filter((key) => key !== CONFIG_FILE);
  const policy = contentSecurityPolicy(origins);
  const files = await Promise.all(
    keys.map(async (key) => {
      const body = await readFile(path.join(siteDir, key));
      return siteFile(key, key === PAGE_FILE ? Buffer.from(withContentSecurityPolicy(body.toString('utf8'), policy)) : body);
    }),
  );
  return [...files, siteFile(CONFIG_FILE, Buffer.from(siteConfigScript(config)))];
}
