import { createServer } from 'node:net';
import { PortInUseError } from '../conflicts';

/** Throws PortInUseError for the first of `ports` that something on this machine already listens on. */
export async function ensurePortsFree(ports: number[], host: string): Promise<void> {
  for (const port of ports) {
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error));
      probe.listen(port, host, () => probe.close(() => resolve()));
    });
  }
}
