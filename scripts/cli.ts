import type { Command } from 'commander';
import { dev } from './commands/dev';
import { down } from './commands/down';
import { programWithGlobalOptions, type GlobalOptions } from './commands/global-options';
import { logs } from './commands/logs';
import { outputs } from './commands/outputs';
import { policy } from './commands/policy';
import { runProgram } from './commands/run-program';
import { status } from './commands/status';
import { singleStep, stepDescription } from './commands/step';
import { up } from './commands/up';
import { PLAN } from './plan';

/** The commands and their flags; each action is one function in scripts/commands/. */
export function buildProgram(): Command {
  const program = programWithGlobalOptions(
    'rekog-deploy',
    'Deploy a serverless image-recognition app to AWS in one command, or run it locally with `dev`.',
  );
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('up')
    .description('deploy or update the whole stack; a second run with nothing changed writes nothing')
    .option('--email <address>', 'subscribe this address to a summary of every analysed image (env REKOG_NOTIFICATION_EMAIL)')
    .action((options) => up(globals(), options));

  program
    .command('down')
    .description("delete everything the stack created (only what carries the stack's tag)")
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--keep-data', 'keep the upload bucket and the results table')
    .option('--local', "delete the local cloud's data (.rekog/local) instead")
    .action((options) => down(globals(), options));

  program
    .command('status')
    .description('what exists, what is missing and what has drifted, alarm states, the last hour of each function; reads only')
    .action(() => status(globals()));

  program
    .command('outputs')
    .description("the stack's URLs and resource names")
    .option('--local', 'those of the local cloud (`dev`)')
    .action((options) => outputs(globals(), options));

  program
    .command('logs')
    .description("a function's log lines, from CloudWatch or from the local cloud")
    .argument('<function>', 'upload-url, process, detect-labels, or the full function name')
    .option('--since <when>', 'from 30s, 15m, 2h, 1d ago, or an ISO time', '15m')
    .option('--follow', 'keep printing new lines until Ctrl-C')
    .option('--filter <text>', 'only lines containing this text (exact case on AWS, any case locally)')
    .option('--local', "the local cloud's logs (.rekog/local/logs)")
    .addHelpText('after', '\nWith --json: one JSON array of events; with --follow, one JSON object per line (NDJSON).')
    .action((fn: string, options) => logs(globals(), fn, options));

  program
    .command('policy')
    .description('the least-privilege IAM policy an identity needs to run up, status, logs and down for this stack')
    .option('--account <id>', 'the account to write it for (default: the one your credentials belong to)')
    .addHelpText('after', '\nPrints the policy document (JSON) on stdout, ready for `aws iam put-user-policy` or `create-policy`.')
    .action((options) => policy(globals(), options));

  program
    .command('dev')
    .description('run the whole app on this machine: no AWS account, no network (what `npm start` runs)')
    .option('--port <port>', 'port of the site; the API uses the next one and S3 the one after', '3000')
    .action((options) => dev(globals(), options));

  for (const step of PLAN) {
    program
      .command(step.name)
      .description(stepDescription(step))
      .action(() => singleStep(globals(), step));
  }
  return program;
}

/** Runs the CLI and sets the exit status; resolves with it. */
export function main(argv: string[] = process.argv): Promise<number> {
  return runProgram(buildProgram(), argv);
}

if (require.main === module) void main();
