import { createServer, type Server } from 'node:net';

const HOST = '127.0.0.1';
// Below Linux's ephemeral range (32768-60999 by default): there, an outgoing connection of another
// test (to moto, to a local server) can take a port between finding it free and listening on it.
const LOWEST_PORT = 20_000;
const HIGHEST_PORT = 32_000;

function tryListen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, HOST, () => resolve(server));
  });
}

function closeAll(servers: Server[]): Promise<void> {
  return Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(() => undefined);
}

/**
 * The first of `count` consecutive free loopback ports. The local cloud needs a triple (site, API
 * on +1, S3 on +2), and port 0 cannot ask the system for consecutive ports, so random bases are tried.
 */
export async function findFreePorts(count: number, attempts = 50): Promise<number> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const base = LOWEST_PORT + Math.floor(Math.random() * (HIGHEST_PORT - LOWEST_PORT - count));
    const held: Server[] = [];
    for (let offset = 0; offset < count; offset += 1) {
      const server = await tryListen(base + offset);
      if (!server) break;
      held.push(server);
    }
    await closeAll(held);
    if (held.length === count) return base;
  }
  throw new Error(`No ${count} consecutive free ports on ${HOST} after ${attempts} attempts`);
}
