import { randomBytes } from 'node:crypto';
import { Agent, createServer } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from '@20minutes/s3rver';

export interface PrivateS3rver {
  /** Its object-created events and its store. */
  s3rver: S3rver;
  /** Connects HTTP clients (node:http, the AWS SDK's `requestHandler: { httpAgent }`) to it. */
  agent: Agent;
  close(): Promise<void>;
}

/**
 * s3rver on a Unix socket (a named pipe on Windows) rather than a TCP port, so that no browser
 * page and no other program can reach it around the upload gate: s3rver checks no POST policy and
 * accepts unsigned requests.
 */
export async function startPrivateS3rver(options: { directory: string; configureBuckets?: S3rver.BucketConfig[] }): Promise<PrivateS3rver> {
  const s3rver = new S3rver({
    silent: true,
    directory: options.directory,
    vhostBuckets: false,
    configureBuckets: options.configureBuckets ?? [],
    // The gate has checked every signature before a request gets here; s3rver's own check rejects some
    // valid SDK v3 requests (CreateBucket), so it is told to trust the gate.
    allowMismatchedSignatures: true,
  });
  // The gate names the client in X-Forwarded-For; s3rver reports it as the event's sourceIPAddress.
  s3rver.proxy = true;
  await s3rver.configureBuckets();
  const socketPath = newSocketPath();
  const server = createServer(s3rver.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  const agent = new Agent({ keepAlive: true });
  agent.createConnection = () => createConnection(socketPath);
  return {
    s3rver,
    agent,
    close: async () => {
      agent.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Linux: an abstract socket, which leaves no file behind when the process is killed. Windows: a
 * named pipe. Elsewhere a socket file, removed by close().
 */
function newSocketPath(): string {
  const name = `rekog-s3rver-${process.pid}-${randomBytes(6).toString('hex')}`;
  if (process.platform === 'linux') return `\0${name}`;
  return process.platform === 'win32' ? `\\\\.\\pipe\\${name}` : path.join(tmpdir(), `${name}.sock`);
}
