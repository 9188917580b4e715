import { Command, CommanderError } from 'commander';
import { loadSettings, SettingsError, type SettingFlags } from '../config/load';
import type { Settings } from '../config/schema';
import { deployedApiUrl } from './07-create-api';
import { PLAN } from './plan';
import { destroyClients } from './lib/clients';
import { confirmDestroy } from './lib/confirm';
import { createContext, type Context } from './lib/context';
import { toDeployError, type DeployError } from './lib/errors';
import { createReporter, formatDuration, type Reporter } from './lib/output';
import { assertRekognitionRegion } from './lib/regions';
import { runDown, runSingleStep, runStatus, runUp } from './lib/runner';
import { formatOutputs, stackOutputs } from './lib/stack-outputs';
import { functionActivity } from './lib/function-metrics';
import { buildNames } from './lib/names';
import { runLogs } from './logs/logs-command';
import { LOCAL_ACCOUNT, localPaths } from './local/local-paths';
import { formatStatus } from './lib/status-report';

interface GlobalOptions {
  stack?: string;
  region?: string;
  profile?: string;
  json?: boolean;
  verbose?: boolean;
}

/** The local cloud (servers, the model) is loaded only by the commands that use it, never for AWS users. */
function loadDevCommand(): typeof import('./local/dev-command') {
  return require('./local/dev-command');
}

/** Settings errors and confirmation refusals are the user's to fix: exit 2, like a usage error. */
const USAGE_EXIT = 2;

function writeJson(document: unknown): void {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}

function reporterFor(options: GlobalOptions): Reporter {
  return createReporter({ json: Boolean(options.json), verbose: Boolean(options.verbose) });
}

/** Settings first (a bad one exits 2 before any AWS call), then `before`, then the context. */
async function withContext(
  options: GlobalOptions,
  extra: SettingFlags,
  action: (ctx: Context) => Promise<void>,
  before?: (settings: Settings) => Promise<void>,
): Promise<void> {
  const settings = await loadSettings({ stack: options.stack, region: options.region, profile: options.profile, ...extra });
  await before?.(settings);
  const ctx = await createContext({ settings, log: reporterFor(options) });
  try {
    await action(ctx);
  } finally {
    destroyClients(ctx.clients);
  }
}

function reportFailure(error: unknown, options: GlobalOptions): number {
  if (error instanceof SettingsError) {
    if (options.json) writeJson({ error: { code: error.code, message: error.message } });
    process.stderr.write(`error: ${error.message}\n`);
    return USAGE_EXIT;
  }
  const failure: DeployError = toDeployError(error);
  if (options.json) writeJson({ error: { code: failure.code, message: failure.message } });
  process.stderr.write(`error: ${failure.message}\n`);
  if (options.verbose && failure.cause) {
    const cause = failure.cause as Error;
    process.stderr.write(`cause: ${cause.name}: ${cause.message}\n${cause.stack ?? ''}\n`);
  } else if (failure.cause) {
    process.stderr.write('(run with --verbose for the cause)\n');
  }
  return failure.code === 'CONFIRMATION_REQUIRED' ? USAGE_EXIT : 1;
}

export function buildProgram(): Command {
  const program = new Command('rekog-deploy')
    .description('Deploy a serverless image-recognition app to AWS in one command, or run it locally with `dev`.')
    .option('--stack <name>', 'stack name; every resource name starts with it (env REKOG_STACK, default "rekog")')
    .option('--region <region>', 'AWS region (env AWS_REGION, else the SDK chain, else us-east-1)')
    .option('--profile <name>', 'named AWS profile (env AWS_PROFILE)')
    .option('--json', 'print one JSON document on stdout and nothing else')
    .option('--verbose', 'print the underlying cause of errors')
    .showHelpAfterError('(run with --help for usage)');

  const globals = () => program.opts<GlobalOptions>();

  program
    .command('up')
    .description('deploy or update the whole stack; a second run with nothing changed writes nothing')
    .option('--email <address>', 'subscribe this address to a summary of every analysed image (env REKOG_NOTIFICATION_EMAIL)')
    .action(async (options: { email?: string }) => {
      await withContext(globals(), { notificationEmail: options.email }, async (ctx) => {
        assertRekognitionRegion(ctx.settings.region, ctx.emulator);
        ctx.log.info(`Deploying stack "${ctx.settings.stack}" to ${ctx.settings.region}${ctx.emulator ? ` (endpoint ${ctx.emulator})` : ''}`);
        const started = Date.now();
        const reports = await runUp(ctx, PLAN);
        const outputs = stackOutputs(ctx, ctx.outputs['create-api']?.apiUrl);
        if (globals().json) {
          writeJson({ ...outputs, steps: reports.map(({ step, action, milliseconds, changes }) => ({ step, action, milliseconds: Math.round(milliseconds), changes })) });
          return;
        }
        ctx.log.info(`Done in ${formatDuration(Date.now() - started)}.`);
        for (const line of formatOutputs(outputs)) ctx.log.info(line);
        const subscription = ctx.outputs['create-sns']?.subscription;
        if (subscription) ctx.log.info(`  e-mail         ${subscription}`);
      });
    });

  program
    .command('down')
    .description("delete everything the stack created (only what carries the stack's tag)")
    .option('--yes', 'do not ask for confirmation (needed when not on a terminal)')
    .option('--keep-data', 'keep the upload bucket and the results table')
    .option('--local', "delete the local cloud's data (.rekog/local) instead")
    .action(async (options: { yes?: boolean; keepData?: boolean; local?: boolean }) => {
      if (options.local) {
        const { deleteLocalData } = loadDevCommand();
        const deleted = deleteLocalData();
        if (globals().json) writeJson({ local: true, deleted });
        else process.stdout.write(deleted ? 'Deleted the local data in .rekog/local.\n' : 'No local data to delete.\n');
        return;
      }
      await withContext(
        globals(),
        {},
        async (ctx) => {
        ctx.log.info(`Removing stack "${ctx.settings.stack}" from ${ctx.settings.region}`);
        const reports = await runDown(ctx, PLAN, { keepData: Boolean(options.keepData) });
        if (globals().json) writeJson({ stack: ctx.settings.stack, region: ctx.settings.region, steps: reports });
        else ctx.log.info('Done.');
        },
        (settings) => confirmDestroy(settings.stack, settings.region, Boolean(options.yes)),
      );
    });

  program
    .command('status')
    .description('what exists, what is missing and what has drifted; reads only')
    .action(async () => {
      await withContext(globals(), {}, async (ctx) => {
        const reports = await runStatus(ctx, PLAN);
        const activity = ctx.outputs['create-function'] ? await functionActivity(ctx) : [];
        if (globals().json) {
          writeJson({ stack: ctx.settings.stack, region: ctx.settings.region, steps: reports, lastHour: activity });
          return;
        }
        for (const line of formatStatus(ctx.settings.stack, ctx.settings.region, reports, activity)) ctx.log.info(line);
      });
    });

  program
    .command('outputs')
    .description("the stack's URLs and resource names")
    .option('--local', 'those of the local cloud (`dev`)')
    .action(async (options: { local?: boolean }) => {
      if (options.local) {
        const { readLocalOutputs } = loadDevCommand();
        const outputs = readLocalOutputs();
        if (globals().json) writeJson(outputs);
        else for (const line of formatOutputs(outputs)) process.stdout.write(`${line}\n`);
        return;
      }
      await withContext(globals(), {}, async (ctx) => {
        const outputs = stackOutputs(ctx, await deployedApiUrl(ctx));
        if (globals().json) writeJson(outputs);
        else for (const line of formatOutputs(outputs)) ctx.log.info(line);
      });
    });

  program
    .command('dev')
    .description('run the whole app on this machine: no AWS account, no network (what `npm start` runs)')
    .option('--port <port>', 'port of the site; the API uses the next one and S3 the one after', '3000')
    .action(async (options: { port: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 1 || port > 65533) throw new SettingsError(`Invalid --port "${options.port}": use a port number from 1 to 65533.`);
      const settings = await loadSettings({ stack: globals().stack, region: globals().region, profile: globals().profile });
      const { runDev } = loadDevCommand();
      await runDev(settings, port, Boolean(globals().json));
    });

  program
    .command('logs')
    .description("a function's log lines, from CloudWatch or from the local cloud")
    .argument('<function>', 'upload-url, process, detect-labels, or the full function name')
    .option('--since <when>', 'from 30s, 15m, 2h, 1d ago, or an ISO time', '15m')
    .option('--follow', 'keep printing new lines until Ctrl-C')
    .option('--filter <text>', 'only lines containing this text (exact case on AWS, any case locally)')
    .option('--local', "the local cloud's logs (.rekog/local/logs)")
    .addHelpText('after', '\nWith --json: one JSON array of events; with --follow, one JSON object per line (NDJSON).')
    .action(async (fn: string, options: { since: string; follow?: boolean; filter?: string; local?: boolean }) => {
      const stop = new AbortController();
      const onInterrupt = () => stop.abort();
      process.once('SIGINT', onInterrupt);
      const common = {
        fn,
        since: options.since,
        follow: Boolean(options.follow),
        filter: options.filter,
        json: Boolean(globals().json),
        verbose: Boolean(globals().verbose),
        out: process.stdout,
        signal: stop.signal,
      };
      try {
        if (options.local) {
          const settings = await loadSettings({ stack: globals().stack, region: globals().region, profile: globals().profile });
          const names = buildNames(settings.stack, LOCAL_ACCOUNT, settings.region);
          await runLogs({ ...common, source: { kind: 'local', logsDir: localPaths().logs, names } });
        } else {
          await withContext(globals(), {}, (ctx) => runLogs({ ...common, source: { kind: 'aws', client: ctx.clients.logs, names: ctx.names } }));
        }
      } finally {
        process.off('SIGINT', onInterrupt);
      }
    });

  for (const step of PLAN) {
    program
      .command(step.name)
      .description(`step: ${step.description}${step.dependsOn.length ? ` (needs ${step.dependsOn.join(', ')})` : ''}`)
      .action(async () => {
        await withContext(globals(), {}, async (ctx) => {
          const report = await runSingleStep(ctx, step, PLAN);
          if (globals().json) writeJson({ ...report, milliseconds: Math.round(report.milliseconds), outputs: ctx.outputs[step.name] });
        });
      });
  }

  return program;
}

/** Runs the CLI and sets the exit status; resolves with it (tests call this directly). */
export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  let status = 0;
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      status = error.exitCode === 0 ? 0 : USAGE_EXIT;
    } else {
      status = reportFailure(error, program.opts<GlobalOptions>());
    }
  }
  process.exitCode = status;
  return status;
}

if (require.main === module) void main();
