import { PLAN } from '../../scripts/plan';
import { runCli, runCliProcess } from '../support/cli';

jest.setTimeout(30_000);

describe('rekog-deploy CLI', () => {
  // This one through bin/rekog-deploy.js in a process of its own, as a user starts it; most others call main() in this process.
  test('--help lists every command and step', async () => {
    const { status, stdout } = await runCliProcess(['--help']);
    expect(status).toBe(0);
    for (const command of ['up', 'down', 'status', 'outputs', 'logs', 'dev', ...PLAN.map((step) => step.name)]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
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

  test('every command has its own --help, with the global options too', async () => {
    const { status, stdout } = await runCli(['down', '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('--keep-data');
    expect(stdout).toMatch(/Global Options:[\s\S]*--stack <name>[\s\S]*--json/);
  });

  test('--version and -V print the package version', async () => {
    const { version } = require('../../package.json') as { version: string };
    for (const flag of ['--version', '-V']) {
      const { status, stdout } = await runCli([flag]);
      expect(status).toBe(0);
      expect(stdout.trim()).toBe(version);
    }
  });

  test('a mistyped command gets "did you mean", exit 2', async () => {
    const { status, stderr } = await runCli(['statu']);
    expect(status).toBe(2);
    expect(stderr).toContain('(Did you mean status?)');
  });

  test('logs names a mistyped function before it looks for credentials, exit 2', async () => {
    const { status, stderr } = await runCli(['logs', 'procss']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^error: Unknown function "procss": use one of upload-url, process, detect-labels/);
  });

  test('create-sns takes the --email its help promises', async () => {
    const { status, stdout } = await runCli(['create-sns', '--help']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/--email <address>/);
  });

  test('up without credentials says how to set them and that dev needs none, exit 1', async () => {
    const { status, stdout, stderr } = await runCli(['up']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: No AWS credentials found\. .*AWS_PROFILE.*rekog-deploy dev/);
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(2);
  });

  test('with --json an error is one JSON document on stdout', async () => {
    const { status, stdout } = await runCli(['up', '--json']);
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ error: { code: 'NO_CREDENTIALS', message: expect.stringContaining('No AWS credentials') } });
  });

  test('a bad setting names it and how to fix it, exit 2, before any AWS call', async () => {
    const { status, stderr } = await runCli(['up'], { REKOG_MAX_LABELS: 'lots' });
    expect(status).toBe(2);
    expect(stderr).toBe('error: Invalid REKOG_MAX_LABELS "lots": use a whole number from 1 to 1000.\n');
  });

  test('an invalid e-mail is refused before anything is created', async () => {
    const { status, stderr } = await runCli(['up', '--email', 'someone-at-example']);
    expect(status).toBe(2);
    expect(stderr).toContain('--email or REKOG_NOTIFICATION_EMAIL "someone-at-example"');
  });

  test('down outside a terminal needs --yes', async () => {
    const { status, stderr } = await runCli(['down']);
    expect(status).toBe(2);
    expect(stderr).toContain('add --yes');
  });

  test('a region without Rekognition is refused before any AWS call', async () => {
    const { status, stderr } = await runCli(['up', '--region', 'eu-north-1']);
    expect(status).toBe(1);
    expect(stderr).toBe('error: Amazon Rekognition is not offered in eu-north-1. Choose a region that has it with --region, for example us-east-1 or eu-west-1.\n');
  });

  test('an unknown command is a usage error, exit 2', async () => {
    const { status, stderr } = await runCli(['deploy']);
    expect(status).toBe(2);
    expect(stderr).toContain("unknown command 'deploy'");
  });
});

describe('rekog-deploy CLI usage errors in a command', () => {
  test('an unknown option of a command is a usage error, exit 2', async () => {
    const { status, stderr } = await runCli(['up', '--bogus']);
    expect(status).toBe(2);
    expect(stderr).toContain("unknown option '--bogus'");
  });

  test('a bad --port of dev is refused with the reason, exit 2', async () => {
    const { status, stderr } = await runCli(['dev', '--port', '70000']);
    expect(status).toBe(2);
    expect(stderr).toBe('error: Invalid --port "70000": use a port number from 1 to 65533.\n');
  });
});
