import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

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

/** Every file of site/, with config.js generated for this deployment in place of any local one. */
export async function siteFiles(siteDir: string, config: SiteConfig): Promise<SiteFile[]> {
  const keys = (await listFiles(siteDir)).filter((key) => key !== CONFIG_FILE);
  const files = await Promise.all(keys.map(async (key) => siteFile(key, await readFile(path.join(siteDir, key)))));
  return [...files, siteFile(CONFIG_FILE, Buffer.from(siteConfigScript(config)))];
}
