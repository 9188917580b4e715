import { request as httpRequest, type Agent, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

// Headers that describe one connection, not the message: https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Sends a request to the server behind `agent` unchanged (method, path, query, headers) with `body`
 * (none for a preflight, the checked bytes otherwise), and streams its answer back; `onError` hears of
 * failures after the answer has begun, when all that is left is to drop the connection.
 */
export function forwardRequest(request: IncomingMessage, response: ServerResponse, agent: Agent, body: Buffer, onError: (error: Error) => void): void {
  const headers = { ...endToEnd(request.headers), 'content-length': String(body.length), 'x-forwarded-for': clientAddress(request) };
  const outgoing = httpRequest({ method: request.method, path: request.url, headers, agent }, (incoming) => {
    response.writeHead(incoming.statusCode ?? 502, incoming.statusMessage, endToEndRaw(incoming.rawHeaders));
    pipeline(incoming, response).catch(onError);
  });
  outgoing.on('error', (error) => {
    if (response.headersSent) onError(error);
    else response.writeHead(502, { 'Content-Type': 'text/plain' }).end(`The local S3 server is unreachable: ${error.message}\n`);
  });
  outgoing.end(body);
}

/** The address of the client that sent `request`, without the IPv4-mapped prefix. */
export function clientAddress(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set(String(headers.connection ?? '').toLowerCase().split(',').map((name) => name.trim()));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !named.has(name)));
}

function endToEndRaw(rawHeaders: string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (!HOP_BY_HOP.has(rawHeaders[index].toLowerCase())) kept.push(rawHeaders[index], rawHeaders[index + 1]);
  }
  return kept;
}
