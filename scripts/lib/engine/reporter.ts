import type { TeardownOutcome } from './step';

/** How a run talks to the person (or script) that started it. Steps only ever use this. */
export interface Reporter {
  stepFinished(step: string, action: string, milliseconds: number, detail?: string): void;
  /** `down`: one resource deleted, kept or left alone, as it happens. */
  resourceOutcome(outcome: TeardownOutcome, kind: string, name: string, detail?: string): void;
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

const DIM = 2;
const COLOURS: Record<string, number> = { created: 32, updated: 33, unchanged: DIM, deleted: 31, kept: 36, 'left alone': 33 };
// The longest kind, "CloudFront distribution", and the longest outcome, "left alone".
const KIND_WIDTH = 23;
const OUTCOME_WIDTH = 10;

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
    resourceOutcome(outcome, kind, name, detail) {
      const label = paint(outcome.padEnd(OUTCOME_WIDTH), COLOURS[outcome], colour);
      say(`  ${label}  ${kind.padEnd(KIND_WIDTH)}  ${name}${detail ? `  ${paint(`(${detail})`, DIM, colour)}` : ''}`);
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

export const silentReporter: Reporter = { stepFinished() {}, resourceOutcome() {}, info() {}, warn() {}, progress() {}, verbose() {} };
