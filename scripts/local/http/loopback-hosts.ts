import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** The Host values a request to a loopback port may carry. */
export function loopbackHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/**
 * Puts a Host check in front of a server someone else wrote (dynalite): a request whose Host is
 * not 127.0.0.1:<port> or localhost:<port> (DNS rebinding) is answered 403 and goes no further.
 */
export function onlyLoopbackHosts(server: Server, port: number): void {
  const allowed = loopbackHosts(port);
  const listeners = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (allowed.has(String(request.headers.host).toLowerCase())) {
      for (const listener of listeners) listener(request, response);
      return;
    }
    response.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden\n');
  });
}
