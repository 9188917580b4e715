import { paint } from '../lib/engine/reporter';
import type { LogEvent } from './log-event';

export interface RenderOptions {
  colour: boolean;
  /** Shows Lambda's START/END/REPORT lines and the stack of an error. */
  verbose: boolean;
}

const RED = 31;
const YELLOW = 33;
const DIM = 2;
const LEVEL_COLOURS: Record<string, number> = { FATAL: RED, ERROR: RED, WARN: YELLOW, DEBUG: DIM, TRACE: DIM };
/** The width of `17:09:22.455Z`, kept for a line with no time so the columns still line up. */
const NO_TIME = '--:--:--.---Z';

/** Lambda's own START/END/REPORT lines are noise next to the handler's, unless asked for. */
export function isShown(event: LogEvent, verbose: boolean): boolean {
  return verbose || event.kind !== 'platform';
}

/** `17:09:24.329Z INFO   efa61a7b  uploads/9eeb.jpg  image analysed  labels=1`, times in UTC as Lambda writes them. */
export function renderEvent(event: LogEvent, options: RenderOptions): string {
  const time = event.timestamp === undefined ? NO_TIME : `${new Date(event.timestamp).toISOString().slice(11, 23)}Z`;
  const requestId = (event.requestId ?? '').slice(0, 8).padEnd(8);
  const [first, ...more] = event.message.split(/\r?\n/);
  const columns = [event.key, first, event.kind === 'console' ? formatFields(event.fields) : ''].filter(Boolean).join('  ');
  const level = event.level.padEnd(5);
  const code = LEVEL_COLOURS[event.level];
  const shownLevel = code === undefined || event.kind === 'platform' ? level : paint(level, code, options.colour);
  const lines = [`${time} ${shownLevel}  ${requestId}  ${columns}`.trimEnd(), ...more.map((line) => `    ${line}`)];
  if (options.verbose) lines.push(...stackLines(event).map((line) => `    ${line.trim()}`));
  return lines.map((line) => (event.kind === 'platform' ? paint(line, DIM, options.colour) : line)).join('\n');
}

/** `code=NOT_AN_IMAGE size=12 reason="too big" error="AccessDenied: not allowed"`. */
export function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${name}=${formatValue(value)}`)
    .join(' ');
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (isLoggedError(value)) return formatValue(`${value.name}: ${value.message}`);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

interface LoggedError {
  name: string;
  message: string;
  stack?: unknown;
}

/** The shape functions/shared/log.ts gives an error: `{ name, message, httpStatusCode?, stack }`. */
function isLoggedError(value: unknown): value is LoggedError {
  return value !== null && typeof value === 'object' && typeof (value as LoggedError).name === 'string' && typeof (value as LoggedError).message === 'string';
}

/** The frames of a logged error, without the first line (the "Name: message" already shown). */
function stackLines(event: LogEvent): string[] {
  const stacks =
    event.kind === 'runtime-error' ? [event.fields.stack] : Object.values(event.fields).filter(isLoggedError).map((error) => error.stack);
  return stacks.flatMap((stack) => {
    const lines = Array.isArray(stack) ? stack.map(String) : typeof stack === 'string' ? stack.split('\n') : [];
    return lines.slice(1).filter((line) => line.trim());
  });
}

export interface JsonLogEvent {
  time: string | null;
  level: string;
  requestId: string | null;
  key?: string;
  message: string;
  fields: Record<string, unknown>;
  raw: string;
}

/** The shape of one event in `--json` output; `time` is ISO 8601. */
export function toJsonEvent(event: LogEvent): JsonLogEvent {
  return {
    time: event.timestamp === undefined ? null : new Date(event.timestamp).toISOString(),
    level: event.level,
    requestId: event.requestId ?? null,
    ...(event.key === undefined ? {} : { key: event.key }),
    message: event.message,
    fields: event.fields,
    raw: event.raw,
  };
}
