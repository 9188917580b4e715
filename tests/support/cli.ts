import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { main } from '../../scripts/cli';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

const BIN = path.resolve(__dirname, '../../bin/rekog-deploy.js');

/** An empty home and working folder: no ~/.aws of the developer's, no .env of the repository's. */
function emptyFolder(): string {
  return mkdtempSync(path.join(tmpdir(), 'rekog-home-'));
}

/** What a user's shell holds and bin/rekog-deploy.js adds: a PATH, a home, no AWS variables. */
function userEnvironment(home: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env };
}

/** Replaces the contents of `target` with those of `source` (the SDK and the settings read process.env itself). */
function replaceEnvironment(target: NodeJS.ProcessEnv, source: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(target)) delete target[name];
  Object.assign(target, source);
}

/**
 * The CLI as bin/rekog-deploy.js runs it, in this process: `main(argv)` with only `env` in the
 * environment, an empty home and working folder, stdin not a terminal, stdout and stderr captured,
 * and the exit status it sets. A process of its own spends a second loading the SDK on every call;
 * here the SDK is loaded once per test file. Calls must not overlap (they swap process-wide state).
 * Node's network errors are the exception: they come from outside jest's sandbox, where the SDK
 * cannot recognise them, so those cases use `runCliProcess`.
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const folder = emptyFolder();
  const saved = { env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode, isTTY: Object.getOwnPropertyDescriptor(process.stdin, 'isTTY') };
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array) => (into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true);
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture(out));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture(err));
  replaceEnvironment(process.env, userEnvironment(folder, env));
  process.chdir(folder);
  Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
  try {
    const status = await main(['node', BIN, ...args]);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    replaceEnvironment(process.env, saved.env);
    process.chdir(saved.cwd);
    process.exitCode = saved.exitCode;
    if (saved.isTTY) Object.defineProperty(process.stdin, 'isTTY', saved.isTTY);
    else delete (process.stdin as { isTTY?: boolean }).isTTY;
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The CLI in a process of its own, through bin/rekog-deploy.js, exactly as a user starts it. */
export async function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const folder = emptyFolder();
  const clean = { PATH: process.env.PATH ?? '', HOME: folder, AWS_EC2_METADATA_DISABLED: 'true', ...env };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: clean, cwd: folder });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
