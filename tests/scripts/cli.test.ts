import { PLAN } from '../../scripts/plan';
import { runCli } from '../support/cli';

describe('rekog-deploy CLI', () => {
  test('--help lists every command and step', async () => {
    const { status, stdout } = await runCli(['--help']);
    expect(status).toBe(0);
    for (const command of ['up', 'down', 'status', 'outputs', 'logs', 'dev', ...PLAN.map((step) => step.name)]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
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
