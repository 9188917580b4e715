/**
 * One log line of a function, as CloudWatch stores it for a Node.js Lambda in the text log format
 * (and as the local cloud writes it, see scripts/local/lambda/log-lines.ts):
 *   console     `<time>\t<request id>\t<LEVEL>\t<text>`; our handlers' text is one JSON object
 *   runtime     `<time>\t<request id>\tERROR\tInvoke Error \t{"errorType":…,"errorMessage":…,"stack":[…]}`
 *   platform    `START RequestId: …`, `END …`, `REPORT …` (the local cloud puts its time in front)
 *   text        anything else: a raw stdout line, `Task timed out after 3.00 seconds`
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 */
export type LogEventKind = 'console' | 'runtime-error' | 'platform' | 'text';

export interface LogEvent {
  kind: LogEventKind;
  /** Milliseconds since the epoch; undefined only for a line that carries no time at all. */
  timestamp?: number;
  /** TRACE, DEBUG, INFO, WARN, ERROR or FATAL; for platform lines their keyword (START, END, REPORT). */
  level: string;
  requestId?: string;
  /** The image key our handlers add to a line about one image. */
  key?: string;
  message: string;
  /** The other fields of a JSON line (`code`, `error`, `labels`); for REPORT its numbers (`durationMs`). */
  fields: Record<string, unknown>;
  /** The line exactly as stored, without its trailing newline. */
  raw: string;
}

const TIME_PREFIX = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)\t/;
const PLATFORM = /^(INIT_START|INIT_REPORT|START|END|REPORT|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY)\b/;
const CONSOLE = /^([^\t]+)\t(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\t([\s\S]*)$/;
const RUNTIME_ERROR = /^(Invoke Error|Uncaught Exception) \t([\s\S]*)$/;
const TIMEOUT = /^(?:(\S+)[\t ]+)?(Task timed out after [\s\S]*)$/;
/** Fields every handler line has, shown in their own columns rather than among the extras. */
const COLUMN_FIELDS = new Set(['level', 'message', 'requestId', 'key', 'time']);

/** `fallbackTimestamp` is CloudWatch's timestamp of the event, or the time of the line before. */
export function parseLogLine(line: string, fallbackTimestamp?: number): LogEvent {
  const raw = line.replace(/\r?\n$/, '');
  const prefix = TIME_PREFIX.exec(raw);
  const rest = prefix ? raw.slice(prefix[0].length) : raw;
  const lineTime = prefix ? Date.parse(prefix[1]) : fallbackTimestamp;

  const platform = PLATFORM.exec(rest);
  if (platform) return complete(platformLine(platform[1], rest), lineTime, raw);
  const logged = CONSOLE.exec(rest);
  if (logged) return complete(consoleText(logged[3], logged[2]), lineTime, raw, logged[1]);
  const timeout = TIMEOUT.exec(rest);
  if (timeout) return complete({ kind: 'text', level: 'ERROR', message: timeout[2], fields: {} }, lineTime, raw, timeout[1]);
  return complete(consoleText(rest, 'INFO'), lineTime, raw);
}

/** What the text of a line says; its prefix (time, request id) is added by `complete`. */
interface Interpreted extends Omit<LogEvent, 'raw' | 'timestamp'> {
  timestamp?: number;
}

function complete(interpreted: Interpreted, lineTime: number | undefined, raw: string, prefixRequestId?: string): LogEvent {
  // The runtime writes "undefined" for a line logged outside an invocation (during init).
  const fromPrefix = prefixRequestId && prefixRequestId !== 'undefined' ? prefixRequestId : undefined;
  const requestId = fromPrefix ?? interpreted.requestId;
  const timestamp = lineTime ?? interpreted.timestamp;
  const { requestId: _fromText, timestamp: _timeFromText, ...rest } = interpreted;
  return { ...rest, ...(requestId ? { requestId } : {}), ...(timestamp === undefined ? {} : { timestamp }), raw };
}

function consoleText(text: string, level: string): Interpreted {
  const runtime = RUNTIME_ERROR.exec(text);
  const error = runtime ? parseObject(runtime[2]) : undefined;
  if (runtime && error) {
    const what = [error.errorType, error.errorMessage].filter((part) => part !== undefined).join(': ');
    return { kind: 'runtime-error', level, message: `${runtime[1]}: ${what}`, fields: error };
  }
  const json = parseObject(text);
  if (json && ('message' in json || 'level' in json)) {
    const time = typeof json.time === 'string' ? Date.parse(json.time) : Number.NaN;
    return {
      kind: 'console',
      level: typeof json.level === 'string' && json.level ? json.level.toUpperCase() : level,
      ...(typeof json.requestId === 'string' ? { requestId: json.requestId } : {}),
      ...(typeof json.key === 'string' ? { key: json.key } : {}),
      ...(Number.isNaN(time) ? {} : { timestamp: time }),
      message: typeof json.message === 'string' ? json.message : JSON.stringify(json.message ?? ''),
      fields: Object.fromEntries(Object.entries(json).filter(([name]) => !COLUMN_FIELDS.has(name))),
    };
  }
  return { kind: 'text', level, message: text, fields: {} };
}

function platformLine(keyword: string, text: string): Interpreted {
  const requestId = /RequestId: (\S+)/.exec(text)?.[1];
  const parts = text
    .split('\t')
    .map((part) => part.trim())
    .filter(Boolean);
  const details = parts.map((part) => part.replace(PLATFORM, '').replace(/^\s*RequestId: \S+\s*/, '').trim()).filter(Boolean);
  return { kind: 'platform', level: keyword, ...(requestId ? { requestId } : {}), message: details.join('  '), fields: keyword === 'REPORT' ? reportFields(parts) : {} };
}

/** `Duration: 12.50 ms`, `Memory Size: 256 MB` → `{ durationMs: 12.5, memorySizeMb: 256 }`. */
function reportFields(parts: string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const part of parts) {
    const measure = /^([A-Za-z ]+): ([\d.]+) (ms|MB)$/.exec(part);
    if (!measure) continue;
    const words = measure[1].trim().split(/\s+/);
    const name = words.map((word, index) => (index === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1).toLowerCase())).join('');
    fields[`${name}${measure[3] === 'ms' ? 'Ms' : 'Mb'}`] = Number(measure[2]);
  }
  return fields;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
