import type { LambdaErrorObject } from './function-error';

/**
 * Log lines in the shape CloudWatch shows for a Node.js function, each starting with an ISO timestamp and a tab.
 * Console calls: `<time>\t<request id>\t<LEVEL>\t<text>`; a multi-line text becomes several lines with the same
 * prefix. Platform lines: `<time>\tSTART RequestId: …`, `END`, `REPORT`.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 */
export function consoleLines(time: string, requestId: string, level: string, text: string): string[] {
  return text.split(/\r?\n/).map((line) => `${time}\t${requestId}\t${level}\t${line}`);
}

/** Whatever the handler writes to stdout or stderr directly, without console. */
export function rawLine(text: string, now: Date = new Date()): string {
  return `${now.toISOString()}\t${text}`;
}

export function startLine(requestId: string, now: Date = new Date()): string {
  return `${now.toISOString()}\tSTART RequestId: ${requestId} Version: $LATEST`;
}

export function endLine(requestId: string, now: Date = new Date()): string {
  return `${now.toISOString()}\tEND RequestId: ${requestId}`;
}

export function reportLine(requestId: string, durationMs: number, memorySizeMb: number, initDurationMs?: number, now: Date = new Date()): string {
  const parts = [
    `REPORT RequestId: ${requestId}`,
    `Duration: ${durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.ceil(durationMs)} ms`,
    `Memory Size: ${memorySizeMb} MB`,
  ];
  if (initDurationMs !== undefined) parts.push(`Init Duration: ${initDurationMs.toFixed(2)} ms`);
  return `${now.toISOString()}\t${parts.join('\t')}`;
}

/** The runtime logs a failed invocation's error as one ERROR line holding the error object as JSON. */
export function errorLine(requestId: string, label: 'Invoke Error' | 'Uncaught Exception', error: LambdaErrorObject, now: Date = new Date()): string {
  const logged = { errorType: error.errorType, errorMessage: error.errorMessage, stack: error.stack?.split('\n') ?? [] };
  return `${now.toISOString()}\t${requestId}\tERROR\t${label} \t${JSON.stringify(logged)}`;
}

export function timeoutLine(requestId: string, timeoutSeconds: number, now: Date = new Date()): string {
  return `${now.toISOString()}\t${requestId}\tTask timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}
