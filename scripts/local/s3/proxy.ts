import { request as httpRequest, type Agent, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

// Headers that describe one connection, not the message: https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Streams a request to `upstream` unchanged (method, path, query, headers, body) and its answer back;
 * `onError` hears of failures after the answer has begun, when all that is left is to drop the connection.
 */
export function forwardRequest(request: IncomingMessage, response: ServerResponse, upstream: URL, agent: Agent, onError: (error: Error) => void): void {
  const outgoing = httpRequest(
    { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: endToEnd(request.headers), agent },
    (incoming) => {
      response.writeHead(incoming.statusCode ?? 502, incoming.statusMessage, endToEndRaw(incoming.rawHeaders));
      pipeline(incoming, response).catch(onError);
    },
  );
  outgoing.on('error', (error) => {
    if (response.headersSent) onError(error);
    else response.writeHead(502, { 'Content-Type': 'text/plain' }).end(`The local S3 server is unreachable: ${error.message}\n`);
  });
  pipeline(request, outgoing).catch(() => outgoing.destroy());
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
