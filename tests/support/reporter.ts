import { createReporter, type Reporter, type ReporterOptions } from '../../scripts/lib/engine/reporter';

/** The CLI's reporter writing stdout and stderr to one string, as to a terminal (`isTTY`) or to a pipe. */
export function capturedReporter(options: { isTTY?: boolean; env?: NodeJS.ProcessEnv; json?: boolean } = {}): { log: Reporter; lines: () => string[] } {
  let written = '';
  const stream = { isTTY: options.isTTY, write: (chunk: string) => ((written += chunk), true) } as unknown as ReporterOptions['stdout'];
  const log = createReporter({ json: Boolean(options.json), verbose: false, stdout: stream, stderr: stream, env: options.env ?? {} });
  return { log, lines: () => written.split('\n').filter(Boolean) };
}
