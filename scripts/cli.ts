import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { programWithGlobalOptions, type GlobalOptions } from './commands/global-options';
import { runProgram } from './commands/run-program';
import { PACKAGE_ROOT } from './lib/engine/package-root';
import { STEP_CATALOGUE, STEP_NAMES } from './step-catalogue';

// Each command's module is loaded when that command runs: the engine and the AWS SDK take most of
// a second to load, and `--help`, `--version` or `logs` need none of it.
const up = async () => (require('./commands/up') as typeof import('./commands/up')).up;
const down = async () => (require('./commands/down') as typeof import('./commands/down')).down;
const status = async () => (require('./commands/status') as typeof import('./commands/status')).status;
const outputs = async () => (require('./commands/outputs') as typeof import('./commands/outputs')).outputs;
const logs = async () => (require('./commands/logs') as typeof import('./commands/logs')).logs;
const policy = async () => (require('./commands/policy') as typeof import('./commands/policy')).policy;
const dev = async () => (require('./commands/dev') as typeof import('./commands/dev')).dev;
async function runStep(globals: GlobalOptions, name: string, options: { email?: string }): Promise<void> {
  const { singleStep } = require('./commands/step') as typeof import('./commands/step');
  const { PLAN } = require('./plan') as typeof import('./plan');
  const step = PLAN.find((candidate) => candidate.name === name);
  if (!step) throw new Error(`PLAN has no step named ${name}: scripts/step-catalogue.ts and scripts/plan.ts disagree`);
  await singleStep(globals, step, options);
}

const { version } = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

/** The commands and their flags; each action is one function in scripts/commands/. */
export function buildProgram(): Command {
  const program = programWithGlobalOptions(
    'rekog-deploy',
    'Deploy a serverless image-recognition app to AWS in one command, or run it locally with `dev`.',
  ).version(version, '-V, --version', 'print the version and exit');
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('up')
    .description('deploy or update the whole stack; a second run with nothing changed writes nothing')
    .option('--email <address>', 'subscribe this address to a summary of every analysed image (env REKOG_NOTIFICATION_EMAIL)')
    .action(async (options) => (await up())(globals(), options));

  program
    .command('down')
    .description("delete everything the stack created (only what carries the stack's tag)")
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--keep-data', 'keep the upload bucket and the results table')
    .option('--local', "delete the local cloud's data (.rekog/local) instead")
    .action(async (options) => (await down())(globals(), options));

  program
    .command('status')
    .description('what exists, what is missing and what has drifted, alarm states, the last hour of each function; reads only')
    .action(async () => (await status())(globals()));

  program
    .command('outputs')
    .description("the stack's URLs and resource names")
    .option('--local', 'those of the local cloud (`dev`)')
    .action(async (options) => (await outputs())(globals(), options));

  program
    .command('logs')
    .description("a function's log lines, from CloudWatch or from the local cloud")
    .argument('<function>', 'upload-url, process, detect-labels, or the full function name')
    .option('--since <when>', 'from 30s, 15m, 2h, 1d ago, or an ISO time', '15m')
    .option('--follow', 'keep printing new lines until Ctrl-C')
    .option('--filter <text>', 'only lines containing this text (exact case on AWS, any case locally)')
    .option('--local', "the local cloud's logs (.rekog/local/logs)")
    .addHelpText('after', '\nWith --json: one JSON array of events; with --follow, one JSON object per line (NDJSON).')
    .action(async (fn: string, options) => (await logs())(globals(), fn, options));

  program
    .command('policy')
    .description('the least-privilege IAM policy an identity needs to run up, status, logs and down for this stack')
    .option('--account <id>', 'the account to write it for (default: the one your credentials belong to)')
    .addHelpText('after', '\nPrints the policy document (JSON) on stdout, ready for `aws iam put-user-policy` or `create-policy`.')
    .action(async (options) => (await policy())(globals(), options));

  program
    .command('dev')
    .description('run the whole app on this machine: no AWS account, no network (what `npm start` runs)')
    .option('--port <port>', 'port of the site; the API uses the next one and S3 the one after', '3000')
    .action(async (options) => (await dev())(globals(), options));

  for (const name of STEP_NAMES) {
    const { description, needs } = STEP_CATALOGUE[name];
    const command = program.command(name).description(`step: ${description}${needs.length ? ` (needs ${needs.join(', ')})` : ''}`);
    if (name === 'create-sns') command.option('--email <address>', 'subscribe this address, as `up --email` does (env REKOG_NOTIFICATION_EMAIL)');
    command.action((options: { email?: string }) => runStep(globals(), name, options));
  }
  return program;
}

/** Runs the CLI and sets the exit status; resolves with it. */
export function main(argv: string[] = process.argv): Promise<number> {
  return runProgram(buildProgram(), argv);
}

if (require.main === module) void main();
