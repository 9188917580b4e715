import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { CONFIG_FILE, contentTypeOf, siteConfigScript, type SiteConfig } from '../lib/site-files';
import { decodePath, parseTarget } from './http/request-target';
import { sendReply, startHttpService, type HttpService, type Problem, type Reply, type Timeouts } from './http/start-server';

export interface SiteServerOptions {
  port: number;
  host: string;
  siteDir: string;
  config: SiteConfig;
  log: (line: string) => void;
  timeouts?: Partial<Timeouts>;
}

// The page's advice on a server error; the deployed config.js has none, and the page names CloudWatch.
const LOGS_COMMAND = 'npx rekog-deploy logs <function> --local';

const PROBLEM_REPLIES: Record<Problem, [number, string]> = {
  'bad-request': [400, 'Bad request'],
  'unknown-host': [403, 'Forbidden: this server answers only to 127.0.0.1 and localhost'],
  timeout: [408, 'Request timeout'],
  'headers-too-large': [431, 'Request header fields too large'],
  'internal-error': [500, 'Internal server error'],
};

function textReply(status: number, text: string): Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `${text}\n` };
}

/**
 * Serves site/ as the site bucket does, with config.js generated for the local API. Files are read
 * on every request, so an edit to site/ shows on reload.
 */
export function startSiteServer(options: SiteServerOptions): Promise<HttpService> {
  const config = Buffer.from(`${siteConfigScript(options.config)}window.REKOG_CONFIG.logsCommand = ${JSON.stringify(LOGS_COMMAND)};\n`);
  const siteDir = path.resolve(options.siteDir);
  return startHttpService({
    name: 'site',
    port: options.port,
    host: options.host,
    log: options.log,
    timeouts: options.timeouts,
    reply: (problem) => textReply(...PROBLEM_REPLIES[problem]),
    handle: (request, response) => serveFile(request, response, siteDir, config, options.log),
  });
}

async function serveFile(request: IncomingMessage, response: ServerResponse, siteDir: string, config: Buffer, log: (line: string) => void): Promise<void> {
  const target = parseTarget(request.url);
  const pathname = target && decodePath(target.pathname);
  if (pathname === undefined) {
    sendReply(response, textReply(400, 'Bad request: the path is not a valid URL'));
    log(`site ${request.method} 400 bad path`);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendReply(response, textReply(405, 'Method not allowed'));
    return;
  }
  const key = pathname === '/' ? 'index.html' : pathname.slice(1);
  const file = path.resolve(siteDir, key);
  try {
    if (!file.startsWith(siteDir + path.sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
    const body = key === CONFIG_FILE ? config : await readFile(file);
    response.writeHead(200, { 'Content-Type': contentTypeOf(key), 'Cache-Control': 'no-cache', 'Content-Length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    sendReply(response, textReply(404, 'Not found'));
    log(`site GET ${pathname} 404`);
  }
}
