/** How a run talks to the person (or script) that started it. Steps only ever use this. */
export interface Reporter {
  stepFinished(step: string, action: string, milliseconds: number, detail?: string): void;
  info(message: string): void;
  warn(message: string): void;
  /** A long wait saying what it waits for; on stderr, so it never mixes with --json. */
  progress(message: string): void;
  verbose(message: string): void;
}

export interface ReporterOptions {
  json: boolean;
  verbose: boolean;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

const COLOURS: Record<string, number> = { created: 32, updated: 33, unchanged: 2, deleted: 31, absent: 2, kept: 36 };

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in env && env.NO_COLOR !== '');
}

export function paint(text: string, code: number, enabled: boolean): string {
  return enabled ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)}ms` : `${(milliseconds / 1000).toFixed(1)}s`;
}

/** Human lines on stdout; with --json stdout is kept for the one JSON document, so progress goes nowhere. */
export function createReporter(options: ReporterOptions): Reporter {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const colour = useColour(stdout as { isTTY?: boolean }, options.env);
  const say = (line: string) => {
    if (!options.json) stdout.write(`${line}\n`);
  };
  return {
    stepFinished(step, action, milliseconds, detail) {
      const label = paint(action.padEnd(9), COLOURS[action] ?? 0, colour);
      say(`  ${step.padEnd(24)} ${label} ${formatDuration(milliseconds).padStart(6)}${detail ? `  ${detail}` : ''}`);
    },
    info: say,
    warn(message) {
      stderr.write(`warning: ${message}\n`);
    },
    progress(message) {
      stderr.write(`  ${message}\n`);
    },
    verbose(message) {
      if (options.verbose) stderr.write(`${message}\n`);
    },
  };
}

export const silentReporter: Reporter = { stepFinished() {}, info() {}, warn() {}, progress() {}, verbose() {} };
