/**
 * Whole processes, as a user starts them: `node bin/rekog-deploy.js …`, `npx rekog-deploy …` in the
 * clone and in a folder where the packed package is installed, against moto's server, each timed from spawn to exit (median of several runs). The CLI must be
 * compiled first (`npm run build`), as it is in the package; a cold `up` starts from an empty moto.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Moto } from '../tests/support/moto';
import { MOTO_CREDENTIALS } from '../tests/support/moto';
import { packAndInstall } from '../tests/support/packed-package';

const REPO = path.resolve(__dirname, '..');
const BIN = path.join(REPO, 'bin', 'rekog-deploy.js');

export type Command = '--help' | 'cold up' | 'no-op up' | 'down';
export const COMMANDS: Command[] = ['--help', 'cold up', 'no-op up', 'down'];
export type Launcher = 'node bin' | 'npx' | 'npx, installed';
export const LAUNCHERS: Launcher[] = ['node bin', 'npx', 'npx, installed'];

const ARGS: Record<Command, string[]> = { '--help': ['--help'], 'cold up': ['up'], 'no-op up': ['up'], down: ['down', '--yes'] };

function launch(launcher: Launcher, args: string[]): [string, string[]] {
  // `npx --no rekog-deploy -- …`: the installed bin, never a download; `--` keeps npm from reading
  // the command's flags (`--help`, `--version`) as its own.
  return launcher === 'node bin' ? [process.execPath, [BIN, ...args]] : ['npx', ['--no', 'rekog-deploy', '--', ...args]];
}

/**
 * Spawned, not spawnSync'd: moto was started by this process and logs a line per request into a
 * pipe this process must keep reading, or moto blocks once the pipe is full.
 */
function timed(launcher: Launcher, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const [file, argv] = launch(launcher, args);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once('error', reject);
    child.once('close', (status, signal) => {
      const elapsed = performance.now() - started;
      if (status === 0) resolve(elapsed);
      else reject(new Error(`${file} ${argv.join(' ')} exited with ${status ?? signal}: ${stderr}`));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Per launcher and command, the median wall time in milliseconds over `runs` runs (after one warm-up each). */
export async function timeWholeProcesses(moto: Moto, runs: number): Promise<Record<Launcher, Record<Command, number>>> {
  const env = { ...process.env, ...MOTO_CREDENTIALS, AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', REKOG_STACK: 'bench-process', NO_COLOR: '1' };
  const result = {} as Record<Launcher, Record<Command, number>>;
  const installed = (await packAndInstall()).app;
  for (const launcher of LAUNCHERS) {
    const cwd = launcher === 'npx, installed' ? installed : REPO;
    const samples = Object.fromEntries(COMMANDS.map((command) => [command, [] as number[]])) as Record<Command, number[]>;
    // Run 0 warms the file cache and moto's own imports; it is not counted.
    for (let run = 0; run <= runs; run += 1) {
      await moto.reset();
      for (const command of COMMANDS) {
        const elapsed = await timed(launcher, ARGS[command], env, cwd);
        if (run > 0) samples[command].push(elapsed);
      }
    }
    result[launcher] = Object.fromEntries(COMMANDS.map((command) => [command, Math.round(median(samples[command]))])) as Record<Command, number>;
  }
  return result;
}
