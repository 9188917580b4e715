import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCliProcess } from '../support/cli';

jest.setTimeout(30_000);

// cli.test.ts calls main() in the test's process; these start bin/rekog-deploy.js as a user does.
describe('rekog-deploy CLI in a process of its own', () => {
  test('bin/rekog-deploy.js runs the CLI: --help, exit 0', async () => {
    const { status, stdout } = await runCliProcess(['--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: rekog-deploy \[options\] \[command\]/);
  });

  // Node's network errors come from outside jest's sandbox, where the SDK cannot recognise them: these
  // two are run as a user runs them, in a process of their own.
  test('a refused connection names the endpoint and asks whether the emulator is running, exit 1', async () => {
    const { status, stderr } = await runCliProcess(['status'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_REGION: 'us-east-1' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^error: http:\/\/127\.0\.0\.1:9 refused the connection \(sts:GetCallerIdentity\)\. Is the emulator at http:\/\/127\.0\.0\.1:9 running \(AWS_ENDPOINT_URL\)\?/);
  });

  test('an unknown host says that region may have no endpoint, exit 1', async () => {
    const { status, stderr } = await runCliProcess(['status', '--region', 'xx-nowhere-1'], { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^error: No such host: https:\/\/sts\.xx-nowhere-1\.amazonaws\.com \(sts:GetCallerIdentity\)\. Either this region has no endpoint for sts \(check --region\)/);
  });

  test('a clone installed without its development dependencies says to run npm install, exit 1', () => {
    // The bin and the compiler as a clone has them, with no node_modules anywhere above.
    const clone = mkdtempSync(path.join(tmpdir(), 'rekog-omit-dev-'));
    const repo = path.resolve(__dirname, '..', '..');
    mkdirSync(path.join(clone, 'scripts'));
    cpSync(path.join(repo, 'bin'), path.join(clone, 'bin'), { recursive: true });
    cpSync(path.join(repo, 'scripts', 'compile-cli.js'), path.join(clone, 'scripts', 'compile-cli.js'));
    writeFileSync(path.join(clone, 'scripts', 'cli.ts'), 'export function main(): void {}\n');
    const { status, stderr } = spawnSync(process.execPath, [path.join(clone, 'bin', 'rekog-deploy.js'), '--help'], { encoding: 'utf8' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^error: This clone runs its CLI compiled from scripts\/ with esbuild, a development dependency that is not installed: run `npm install` \(without --omit=dev\)/);
  });
});
