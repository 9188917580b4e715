import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { CONFIG_FILE, contentTypeOf, PAGE_FILE, siteConfigScript, type SiteConfig } from '../lib/build/site-files';
import { contentSecurityPolicy, withContentSecurityPolicy, type PageOrigins } from '../lib/builders/content-security-policy';
import { SECURITY_HEADERS } from '../lib/builders/site-distribution';
import { decodePath, parseTarget } from './http/request-target';
import { sendReply, startHttpService, type HttpService, type Problem, type Reply, type Timeouts } from './http/start-server';

export interface SiteServerOptions {
  port: number;
  host: string;
  siteDir: string;
  config: SiteConfig;
  /** What the page's Content-Security-Policy lets it connect to, as on the deployed page. */
  origins: PageOrigins;
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
 * Serves site/ as the distribution does: config.js generated for the local API, the page's CSP
 * naming the local API and S3, CloudFront's security headers. Files are read on every request,
 * so an edit to site/ shows on reload.
 */
export function startSiteServer(options: SiteServerOptions): Promise<HttpService> {
  const config = Buffer.from(`${siteConfigScript(options.config)}window.REKOG_CONFIG.logsCommand = ${JSON.stringify(LOGS_COMMAND)};\n`);
  const siteDir = path.resolve(options.siteDir);
  const policy = contentSecurityPolicy(options.origins);
  const page = (html: Buffer) => Buffer.from(withContentSecurityPolicy(html.toString('utf8'), policy));
  return startHttpService({
    name: 'site',
    port: options.port,
    host: options.host,
    log: options.log,
    timeouts: options.timeouts,
    reply: (problem) => textReply(...PROBLEM_REPLIES[problem]),
    handle: (request, response) => serveFile(request, response, { siteDir, config, page }, options.log),
  });
}

interface Files {
  siteDir: string;
  config: Buffer;
  page: (html: Buffer) => Buffer;
}

async function serveFile(request: IncomingMessage, response: ServerResponse, files: Files, log: (line: string) => void): Promise<void> {
  const { siteDir, config, page } = files;
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
    const body = key === CONFIG_FILE ? config : key === PAGE_FILE ? page(await readFile(file)) : await readFile(file);
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(key), 'Cache-Control': 'no-cache', 'Content-Length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    sendReply(response, textReply(404, 'Not found'));
    log(`site GET ${pathname} 404`);
  }
}
