import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PortInUseError } from '../conflicts';
import { loopbackHosts } from './loopback-hosts';

/** What went wrong before (or outside) the service's own handling of a request. */
export type Problem = 'bad-request' | 'unknown-host' | 'timeout' | 'headers-too-large' | 'internal-error';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpServiceOptions {
  /** Names the service in log lines: `site`, `api`, `s3`. */
  name: string;
  port: number;
  host: string;
  /** May throw or reject: the client then gets the service's 500 and the process carries on. */
  handle: (request: IncomingMessage, response: ServerResponse) => unknown;
  /** The service's own wording of each problem: S3 XML, API Gateway JSON, plain text. */
  reply: (problem: Problem) => Reply;
  log: (line: string) => void;
  timeouts?: Partial<Timeouts>;
}

export interface Timeouts {
  /** To receive the request line and headers. */
  headersMs: number;
  /** To receive the whole request, body included. */
  requestMs: number;
}

export interface HttpService {
  /** `http://<host>:<port>`, without a trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUTS: Timeouts = { headersMs: 30_000, requestMs: 30_000 };

const CLIENT_ERROR_PROBLEMS: Record<string, Problem> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'timeout',
  HPE_HEADER_OVERFLOW: 'headers-too-large',
};

/**
 * An HTTP server of the local cloud that no client can stop: a request line Node cannot parse,
 * a Host that is not this port's loopback name (DNS rebinding), a slow client, or an error thrown
 * by the service's handler each get the service's own error answer and a log line.
 */
export async function startHttpService(options: HttpServiceOptions): Promise<HttpService> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const server = createServer({
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    // How often Node looks for requests past those timeouts; its default is 30 s.
    connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs / 4),
  });
  let allowedHosts = new Set<string>();

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // A client that goes away mid-request makes these emit errors nobody else listens to.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    closeAfterEarlyAnswer(request, response);
    if (!allowedHosts.has(String(request.headers.host).toLowerCase())) {
      options.log(`${options.name} ${request.method} refused: Host "${request.headers.host ?? ''}" is not this machine's`);
      sendReply(response, options.reply('unknown-host'));
      return;
    }
    Promise.resolve()
      .then(() => options.handle(request, response))
      .catch((error: unknown) => {
        options.log(`${options.name} ${request.method} ${request.url} 500: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (response.headersSent) response.destroy();
        else sendReply(response, options.reply('internal-error'));
      });
  });
  // CONNECT and Upgrade requests bypass 'request'; unanswered, Node would just drop the connection.
  for (const event of ['connect', 'upgrade'] as const) {
    server.on(event, (request: IncomingMessage, socket: Socket) => {
      options.log(`${options.name} refused ${event === 'connect' ? 'a CONNECT request' : `an upgrade to ${request.headers.upgrade ?? ''}`}`);
      socket.on('error', () => undefined);
      socket.end(rawReply(options.reply('bad-request')));
    });
  }
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const problem = CLIENT_ERROR_PROBLEMS[error.code ?? ''] ?? 'bad-request';
    options.log(`${options.name} refused a request it could not read (${error.code ?? error.message})`);
    socket.end(rawReply(options.reply(problem)));
  });

  const port = await listen(server, options.port, options.host);
  allowedHosts = loopbackHosts(port);
  return {
    url: `http://${options.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients and browsers keep connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

/**
 * An answer given before the body was read to its end (a refusal, a preflight) closes the
 * connection; otherwise Node would go on reading, and dropping, a body that may be slow or huge.
 */
function closeAfterEarlyAnswer(request: IncomingMessage, response: ServerResponse): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    if (!request.complete) this.setHeader('Connection', 'close');
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}

export function sendReply(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) }).end(reply.body);
}

function rawReply(reply: Reply): string {
  const headers = { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)), Connection: 'close' };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [`HTTP/1.1 ${reply.status} ${STATUS_TEXT[reply.status] ?? 'Error'}`, ...lines, '', reply.body].join('\r\n');
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 408: 'Request Timeout', 431: 'Request Header Fields Too Large', 500: 'Internal Server Error' };

/** Listens on a loopback port (0: any free one); a port already taken is a PortInUseError naming it. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
