import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { CONFIG_FILE, contentTypeOf, siteConfigScript, type SiteConfig } from '../lib/build/site-files';
import { listen } from './serve';

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves site/ as the site bucket does, with config.js generated for the local API. Files are read
 * on every request, so an edit to site/ shows on reload.
 */
export async function startSiteServer(options: { port: number; host: string; siteDir: string; config: SiteConfig; log: (line: string) => void }): Promise<SiteServer> {
  const config = Buffer.from(siteConfigScript(options.config));
  const server: Server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://site').pathname);
    const key = pathname === '/' ? 'index.html' : pathname.slice(1);
    const file = path.resolve(options.siteDir, key);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    try {
      if (!file.startsWith(path.resolve(options.siteDir) + path.sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      const body = key === CONFIG_FILE ? config : await readFile(file);
      response.writeHead(200, { 'Content-Type': contentTypeOf(key), 'Cache-Control': 'no-cache', 'Content-Length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      options.log(`site GET ${pathname} 404`);
    }
  });
  return listen(server, options.port, options.host);
}
