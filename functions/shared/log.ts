export type LogLevel = 'info' | 'warn' | 'error';

export interface LogFields {
  key?: string;
  requestId?: string;
  error?: unknown;
  [field: string]: unknown;
}

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds these fields (the request id, an image key) to every line. */
  with(fields: LogFields): Logger;
}

export type LogWriter = (level: LogLevel, line: string) => void;

const writeToConsole: LogWriter = (level, line) => (level === 'error' ? console.error(line) : console.log(line));

/** One JSON object per line, so CloudWatch Logs Insights can query the fields. */
export function createLogger(context: LogFields = {}, write: LogWriter = writeToConsole, now: () => Date = () => new Date()): Logger {
  const log = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    const { error, ...rest } = { ...context, ...fields };
    const line = { level, message, ...rest, ...(error === undefined ? {} : { error: describeError(error) }), time: now().toISOString() };
    write(level, JSON.stringify(line));
  };
  return {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    with: (fields) => createLogger({ ...context, ...fields }, write, now),
  };
}

function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return { name: error.name, message: error.message, ...(status ? { httpStatusCode: status } : {}), stack: error.stack };
}
