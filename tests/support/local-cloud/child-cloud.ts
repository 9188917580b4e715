import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { StackOutputs } from '../../../scripts/lib/builders/stack-outputs';

export interface ChildCloud {
  outputs: StackOutputs;
  process: ChildProcess;
  /** Every line the local cloud logged so far. */
  logLines: string[];
  /** The child's resident memory, in bytes. */
  rss(): Promise<number>;
  /** kill -9, as a crash or a closed terminal would stop it. */
  kill(): Promise<void>;
}

export interface ChildCloudOptions {
  port: number;
  dataRoot: string;
  processTimeoutSeconds: number;
  httpTimeoutMs?: number;
}

/** The local cloud in a process of its own (see cloud-process.ts), once it serves and its model is loaded. */
export function startChildCloud(options: ChildCloudOptions): Promise<ChildCloud> {
  const script = path.resolve(__dirname, 'cloud-process.ts');
  const args = [String(options.port), options.dataRoot, String(options.processTimeoutSeconds), ...(options.httpTimeoutMs ? [String(options.httpTimeoutMs)] : [])];
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // As bin/rekog-deploy.js does: the SDK's Node 20 notice would otherwise end up in the test output.
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const logLines: string[] = [];
  const rssWaiters: Array<(bytes: number) => void> = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('LOG ')) logLines.push(line.slice(4));
      else if (line.startsWith('RSS ')) rssWaiters.shift()?.(Number(line.slice(4)));
      else if (line.startsWith('READY ')) {
        resolve({
          outputs: JSON.parse(line.slice(6)) as StackOutputs,
          process: child,
          logLines,
          rss: () =>
            new Promise((answer) => {
              rssWaiters.push(answer);
              child.stdin!.write('rss\n');
            }),
          kill: async () => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const exited = new Promise((done) => child.once('exit', done));
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`the local cloud process exited with ${code} before it was ready`)));
  });
}
