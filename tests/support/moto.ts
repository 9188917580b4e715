import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Moto {
  /** `http://127.0.0.1:<port>`, for AWS_ENDPOINT_URL. */
  endpoint: string;
  /** Wipes every service's state (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** How long to wait for the server to answer, in milliseconds. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Dummy credentials: moto checks no signatures, but the SDK refuses to sign without credentials. */
export const MOTO_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
} as const;

/** moto's fixed account id. */
export const MOTO_ACCOUNT_ID = '123456789012';

let available: boolean | undefined;

export function motoAvailable(): boolean {
  available ??= spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
  return available;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Starts moto's server (`python3 -m moto.server`, see moto_server.py) on a free local port and waits until it answers. */
export async function startMoto(options: StartMotoOptions = {}): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // moto_server.py is `python3 -m moto.server` with its routing's folder listing read once.
  const child = spawn('python3', [path.join(__dirname, 'moto_server.py'), '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = exited(child);
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(killer);
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await answers(`${endpoint}/moto-api/`))) {
    if (spawnError || child.exitCode !== null || Date.now() > deadline) {
      await stop();
      const reason = spawnError?.message ?? (child.exitCode !== null ? `exited with status ${child.exitCode}` : 'did not answer in time');
      throw new Error(`moto server on port ${port} ${reason}. Its output:\n${output}`);
    }
    await sleep(100);
  }

  return {
    endpoint,
    reset: async () => {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    stop,
  };
}

/**
 * Points the SDK at moto for the duration of a test: the SDK reads AWS_ENDPOINT_URL from
 * process.env itself, so it is set there. Returns a function that restores what was there before.
 */
export function useMotoEnvironment(endpoint: string, region = 'us-east-1'): () => void {
  const values: Record<string, string> = { ...MOTO_CREDENTIALS, AWS_ENDPOINT_URL: endpoint, AWS_REGION: region };
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/**
 * One moto server for the tests of a describe block, with the SDK pointed at it (beforeAll) and
 * stopped after them (afterAll), `beforeStop` first. Returns the running server.
 */
export function motoForTheseTests(beforeStop?: (moto: Moto) => Promise<void>): () => Moto {
  let moto: Moto | undefined;
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    moto = await startMoto();
    restore = useMotoEnvironment(moto.endpoint);
  });
  afterAll(async () => {
    restore?.();
    if (moto && beforeStop) await beforeStop(moto);
    await moto?.stop();
  });
  return () => {
    if (!moto) throw new Error('moto has not started: call this inside a test');
    return moto;
  };
}

/**
 * `describe` for tests that need moto. Without moto the tests are skipped with a loud warning,
 * unless REKOG_REQUIRE_MOTO=1 (CI), where a missing moto fails the run.
 */
export function describeWithMoto(name: string, fn: () => void): void {
  if (motoAvailable()) {
    describe(name, fn);
    return;
  }
  const reason = "moto's server is not installed (`python3 -c \"import moto.server\"` failed); install it with `pip install 'moto[server]'`";
  if (process.env.REKOG_REQUIRE_MOTO === '1') {
    describe(name, () => {
      it('needs moto', () => {
        throw new Error(`${reason}. REKOG_REQUIRE_MOTO=1 makes this a failure.`);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPED "${name}": ${reason}. Set REKOG_REQUIRE_MOTO=1 to make this a failure. ***\n`);
  describe.skip(name, fn);
}
