import type { Settings } from '../../config/schema';
import { buildNames } from '../lib/builders/names';
import { LOCAL_ACCOUNT, localPaths } from '../local/local-paths';
import { resolveFunction } from '../logs/function-choice';
import { runLogs } from '../logs/logs-command';
import type { GlobalOptions } from './global-options';
import { settingsFor, withContext } from './run-context';

const localNames = (settings: Settings) => buildNames(settings.stack, LOCAL_ACCOUNT, settings.region);

export interface LogsFlags {
  since: string;
  follow?: boolean;
  filter?: string;
  local?: boolean;
}

/** Until Ctrl-C with --follow; the interrupt ends the follow, not the process. */
export async function logs(globals: GlobalOptions, fn: string, options: LogsFlags): Promise<void> {
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.once('SIGINT', onInterrupt);
  const common = {
    fn,
    since: options.since,
    follow: Boolean(options.follow),
    filter: options.filter,
    json: Boolean(globals.json),
    verbose: Boolean(globals.verbose),
    out: process.stdout,
    signal: stop.signal,
  };
  // The function's name is checked before any credentials are looked for: a typo is not an AWS problem.
  const checkFunction = async (settings: Settings) => void resolveFunction(fn, localNames(settings));
  try {
    if (options.local) {
      const settings = await settingsFor(globals);
      await checkFunction(settings);
      await runLogs({ ...common, source: { kind: 'local', logsDir: localPaths().logs, names: localNames(settings) } });
    } else {
      await withContext(globals, (ctx) => runLogs({ ...common, source: { kind: 'aws', client: ctx.clients.logs, names: ctx.names } }), { before: checkFunction });
    }
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
