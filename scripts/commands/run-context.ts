import { loadSettings, SettingsError, type SettingFlags } from '../../config/load';
import type { Settings } from '../../config/schema';
import { destroyClients } from '../lib/engine/clients';
import { createContext, type Context } from '../lib/engine/context';
import { toDeployError } from '../lib/engine/errors';
import { createReporter } from '../lib/engine/reporter';
import type { GlobalOptions } from './global-options';

/** Settings errors and confirmation refusals are the user's to fix: exit 2, like a usage error. */
export const USAGE_EXIT = 2;

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

/** One line on stderr saying why (and, with --json, the same as a JSON document); the exit status. */
export function reportFailure(error: unknown, options: GlobalOptions): number {
  if (error instanceof SettingsError) {
    if (options.json) writeJson({ error: { code: error.code, message: error.message } });
    process.stderr.write(`error: ${error.message}\n`);
    return USAGE_EXIT;
  }
  const failure = toDeployError(error);
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

/** The local cloud (servers, the model) is loaded only by the commands that use it, never for AWS users. */
export function loadLocalCloud(): typeof import('../local/dev-command') {
  return require('../local/dev-command');
}
