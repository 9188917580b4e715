import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LocalCloudConflictError } from './conflicts';

/** Who holds the local cloud of a folder: written to .rekog/local/running.json while it runs. */
export interface RunningInstance {
  pid: number;
  siteUrl: string;
  startedAt: string;
}

export class LocalCloudRunningError extends LocalCloudConflictError {
  constructor(
    readonly instance: RunningInstance,
    what: string,
  ) {
    super(`The local cloud of this folder is already running at ${instance.siteUrl} (process ${instance.pid}): ${what}`);
  }
}

const LOCK_FILE = 'running.json';

/**
 * Claims the folder's local cloud for this process, or throws LocalCloudRunningError naming the
 * process that has it. A claim left by a process that no longer exists (a crash, kill -9) is taken over.
 */
export function claimLocalCloud(dir: string, instance: Omit<RunningInstance, 'pid' | 'startedAt'>): { release(): void } {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const mine: RunningInstance = { pid: process.pid, startedAt: new Date().toISOString(), ...instance };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(file, `${JSON.stringify(mine)}\n`, { flag: 'wx' });
      return { release: () => releaseIfMine(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const running = runningLocalCloud(dir);
    if (running) throw new LocalCloudRunningError(running, 'open it there, or stop it (Ctrl-C in its terminal) before starting another.');
    rmSync(file, { force: true });
  }
  throw new Error(`Could not claim ${file}: another process keeps replacing it`);
}

/** The local cloud running on this folder's data, if any (a claim whose process is gone does not count). */
export function runningLocalCloud(dir: string): RunningInstance | undefined {
  let instance: RunningInstance;
  try {
    instance = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as RunningInstance;
  } catch {
    return undefined;
  }
  return Number.isInteger(instance.pid) && isAlive(instance.pid) ? instance : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfMine(file: string): void {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as RunningInstance;
    if (holder.pid === process.pid) rmSync(file, { force: true });
  } catch {
    // Already gone (down --local ran after a crash, say): nothing to release.
  }
}
