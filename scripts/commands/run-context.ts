import { loadSettings, SettingsError, type SettingFlags } from '../../config/load';
import type { Settings } from '../../config/schema';
import { createContext, type Context } from '../lib/engine/context';
import { destroyClients, emulatorEndpoint } from '../lib/engine/clients';
import { toDeployError, type DeployError } from '../lib/engine/errors';
import { RunFailed } from '../lib/engine/runner';
import { createReporter } from '../lib/engine/reporter';
import { NOT_AS_UP_LEAVES_IT_EXIT, USAGE_EXIT } from './exit-status';
import type { GlobalOptions } from './global-options';


export function writeJson(document: unknown): void {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}

export function writeLines(lines: string[]): void {
  for (const line of lines) process.stdout.write(`${line}\n`);
}

export function settingsFor(options: GlobalOptions, extra: SettingFlags = {}): Promise<Settings> {
  return loadSettings({ stack: options.stack, region: options.region, profile: options.profile, ...extra });
}

/** Settings first (a bad one exits 2 before any AWS call), then `before`, then the context and `action`. */
export async function withContext(
  options: GlobalOptions,
  action: (ctx: Context) => Promise<void>,
  { extra = {}, before }: { extra?: SettingFlags; before?: (settings: Settings) => Promise<void> } = {},
): Promise<void> {
  const settings = await settingsFor(options, extra);
  await before?.(settings);
  const ctx = await createContext({ settings, log: createReporter({ json: Boolean(options.json), verbose: Boolean(options.verbose) }) });
  try {
    await action(ctx);
  } finally {
    destroyClients(ctx.clients);
  }
}

/** A command that has said all it has to say and only sets the exit status. */
export class QuietExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
    this.name = 'QuietExit';
  }
}

function writeCause(failure: DeployError, options: GlobalOptions): boolean {
  if (!failure.cause) return false;
  if (options.verbose) {
    const cause = failure.cause as Error;
    process.stderr.write(`cause: ${cause.name}: ${cause.message}\n${cause.stack ?? ''}\n`);
  }
  return true;
}

/**
 * One line on stderr per failure saying why (every failed step of a run, and the steps it could not
 * start), and with --json the same as one JSON document; the exit status.
 */
export function reportFailure(error: unknown, options: GlobalOptions): number {
  if (error instanceof QuietExit) return error.status;
  if (error instanceof SettingsError) {
    if (options.json) writeJson({ error: { code: error.code, message: error.message } });
    process.stderr.write(`error: ${error.message}\n`);
    return USAGE_EXIT;
  }
  const failure = toDeployError(error, emulatorEndpoint());
  const failures = failure instanceof RunFailed ? failure.failures.map(({ step, error: cause }) => ({ step, code: cause.code, message: cause.message })) : [];
  const skipped = failure instanceof RunFailed ? failure.skipped : [];
  // What the steps that finished did (for down: what they deleted) is part of a failed run's document too.
  const steps = failure instanceof RunFailed ? failure.reports : [];
  if (options.json) writeJson({ error: { code: failure.code, message: failure.message }, ...(failures.length ? { failures, skipped, steps } : {}) });
  for (const line of failure.message.split('\n')) process.stderr.write(`error: ${line}\n`);
  if (skipped.length) process.stderr.write(`not run: ${skipped.join(', ')} (each needs a step that failed)\n`);
  const causes = failure instanceof RunFailed ? failure.failures.map((one) => writeCause(one.error, options)) : [writeCause(failure, options)];
  if (!options.verbose && causes.some(Boolean)) process.stderr.write('(run with --verbose for the cause)\n');
  if (failure.code === 'NOT_DEPLOYED') return NOT_AS_UP_LEAVES_IT_EXIT;
  return failure.code === 'CONFIRMATION_REQUIRED' || failure.code === 'BAD_FLAG' ? USAGE_EXIT : 1;
}

/** The local cloud (servers, the model) is loaded only by the commands that use it, never for AWS users. */
export function loadLocalCloud(): typeof import('../local/dev-command') {
  return require('../local/dev-command');
}
