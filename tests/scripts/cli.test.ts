import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PLAN } from '../../scripts/plan';

const CLI = path.resolve(__dirname, '../../bin/rekog-deploy.js');

/** The CLI as a new user without AWS credentials runs it: no AWS variables, an empty home. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  const home = mkdtempSync(path.join(tmpdir(), 'rekog-home-'));
  const clean = { PATH: process.env.PATH ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...env };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: clean, cwd: home });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

jest.setTimeout(30_000);

describe('rekog-deploy CLI', () => {
  test('--help lists every command and step', async () => {
    const { status, stdout } = await cli(['--help']);
    expect(status).toBe(0);
    for (const command of ['up', 'down', 'status', 'outputs', 'logs', 'dev', ...PLAN.map((step) => step.name)]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  // Node's network errors come from outside jest's sandbox, where the SDK cannot recognise them: these
  // two are run as a user runs them, in a process of their own.
  test('a refused connection names the endpoint and asks whether the emulator is running, exit 1', async () => {
    const { status, stderr } = await cli(['status'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_REGION: 'us-east-1' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^error: http:\/\/127\.0\.0\.1:9 refused the connection \(sts:GetCallerIdentity\)\. Is the emulator at http:\/\/127\.0\.0\.1:9 running \(AWS_ENDPOINT_URL\)\?/);
  });

  test('an unknown host says that region may have no endpoint, exit 1', async () => {
    const { status, stderr } = await cli(['status', '--region', 'xx-nowhere-1'], { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^error: No such host: https:\/\/sts\.xx-nowhere-1\.amazonaws\.com \(sts:GetCallerIdentity\)\. Either this region has no endpoint for sts \(check --region\)/);
  });

  test('every command has its own --help, with the global options too', async () => {
    const { status, stdout } = await cli(['down', '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('--keep-data');
    expect(stdout).toMatch(/Global Options:[\s\S]*--stack <name>[\s\S]*--json/);
  });

  test('--version and -V print the package version', async () => {
    const { version } = require('../../package.json') as { version: string };
    for (const flag of ['--version', '-V']) {
      const { status, stdout } = await cli([flag]);
      expect(status).toBe(0);
      expect(stdout.trim()).toBe(version);
    }
  });

  test('a mistyped command gets "did you mean", exit 2', async () => {
    const { status, stderr } = await cli(['statu']);
    expect(status).toBe(2);
    expect(stderr).toContain('(Did you mean status?)');
  });

  test('logs names a mistyped function before it looks for credentials, exit 2', async () => {
    const { status, stderr } = await cli(['logs', 'procss']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^error: Unknown function "procss": use one of upload-url, process, detect-labels/);
  });

  test('create-sns takes the --email its help promises', async () => {
    const { status, stdout } = await cli(['create-sns', '--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/--email <address>/);
  });

  test('up without credentials says how to set them and that dev needs none, exit 1', async () => {
    const { status, stdout, stderr } = await cli(['up']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: No AWS credentials found\. .*AWS_PROFILE.*rekog-deploy dev/);
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(2);
  });

  test('with --json an error is one JSON document on stdout', async () => {
    const { status, stdout } = await cli(['up', '--json']);
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ error: { code: 'NO_CREDENTIALS', message: expect.stringContaining('No AWS credentials') } });
  });

  test('a bad setting names it and how to fix it, exit 2, before any AWS call', async () => {
    const { status, stderr } = await cli(['up'], { REKOG_MAX_LABELS: 'lots' });
    expect(status).toBe(2);
    expect(stderr).toBe('error: Invalid REKOG_MAX_LABELS "lots": use a whole number from 1 to 1000.\n');
  });

  test('an invalid e-mail is refused before anything is created', async () => {
    const { status, stderr } = await cli(['up', '--email', 'someone-at-example']);
    expect(status).toBe(2);
    expect(stderr).toContain('--email or REKOG_NOTIFICATION_EMAIL "someone-at-example"');
  });

  test('down outside a terminal needs --yes', async () => {
    const { status, stderr } = await cli(['down']);
    expect(status).toBe(2);
    expect(stderr).toContain('add --yes');
  });

  test('a region without Rekognition is refused before any AWS call', async () => {
    const { status, stderr } = await cli(['up', '--region', 'eu-north-1']);
    expect(status).toBe(1);
    expect(stderr).toBe('error: Amazon Rekognition is not offered in eu-north-1. Choose a region that has it with --region, for example us-east-1 or eu-west-1.\n');
  });

  test('an unknown command is a usage error, exit 2', async () => {
    const { status, stderr } = await cli(['deploy']);
    expect(status).toBe(2);
    expect(stderr).toContain("unknown command 'deploy'");
  });
});

describe('rekog-deploy CLI usage errors in a command', () => {
  test('an unknown option of a command is a usage error, exit 2', async () => {
    const { status, stderr } = await cli(['up', '--bogus']);
    expect(status).toBe(2);
    expect(stderr).toContain("unknown option '--bogus'");
  });

  test('a bad --port of dev is refused with the reason, exit 2', async () => {
    const { status, stderr } = await cli(['dev', '--port', '70000']);
    expect(status).toBe(2);
    expect(stderr).toBe('error: Invalid --port "70000": use a port number from 1 to 65533.\n');
  });
});
