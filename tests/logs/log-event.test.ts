import { parseLogLine } from '../../scripts/logs/log-event';
import { CLOUDWATCH_MESSAGES, LOCAL_LINES, REQUEST_ID } from './recorded-lines';

describe('parseLogLine', () => {
  test("a handler's JSON line: level, key and message in their columns, the rest as fields", () => {
    const event = parseLogLine(LOCAL_LINES.rejected);
    expect(event).toEqual({
      kind: 'console',
      timestamp: Date.parse('2026-11-26T17:09:24.340Z'),
      level: 'WARN',
      requestId: REQUEST_ID,
      message: 'request rejected',
      fields: { code: 'NOT_AN_IMAGE', statusCode: 400, reason: 'not a JPEG or PNG' },
      raw: LOCAL_LINES.rejected,
    });
    expect(parseLogLine(LOCAL_LINES.analysed)).toMatchObject({ level: 'INFO', key: 'uploads/9eeb3748-e8cd-4877-b721-0e58b4c6af02.jpg', fields: { labels: 1 } });
  });

  test("the runtime's Invoke Error line reads as errorType: errorMessage", () => {
    const event = parseLogLine(LOCAL_LINES.invokeError);
    expect(event).toMatchObject({
      kind: 'runtime-error',
      level: 'ERROR',
      requestId: REQUEST_ID,
      message: "Invoke Error: TypeError: Cannot read properties of undefined (reading 'Records')",
    });
    expect(event.fields.errorType).toBe('TypeError');
  });

  test('a console line that is not JSON stays text, with the level of its prefix', () => {
    expect(parseLogLine(LOCAL_LINES.text)).toMatchObject({
      kind: 'text',
      level: 'ERROR',
      requestId: REQUEST_ID,
      message: '(node:23822) Warning: NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)',
    });
  });

  test('platform lines, with or without a time in front; REPORT gives its numbers as fields', () => {
    expect(parseLogLine(LOCAL_LINES.start)).toMatchObject({ kind: 'platform', level: 'START', requestId: REQUEST_ID, message: 'Version: $LATEST' });
    const fromCloudWatch = parseLogLine(CLOUDWATCH_MESSAGES.report, 1_000);
    expect(fromCloudWatch).toMatchObject({ kind: 'platform', level: 'REPORT', timestamp: 1_000, requestId: REQUEST_ID });
    expect(fromCloudWatch.fields).toEqual({ durationMs: 1907.73, billedDurationMs: 1908, memorySizeMb: 256, maxMemoryUsedMb: 97 });
    expect(fromCloudWatch.raw.endsWith('\n')).toBe(false);
    expect(parseLogLine(LOCAL_LINES.report).fields.initDurationMs).toBe(790.42);
  });

  test('a timeout is an error of its request', () => {
    expect(parseLogLine(LOCAL_LINES.timeout)).toMatchObject({ level: 'ERROR', requestId: REQUEST_ID, message: 'Task timed out after 3.00 seconds' });
  });

  test('a line logged outside an invocation has no request id; a raw line keeps the time it was given', () => {
    expect(parseLogLine(`2026-11-26T17:09:22.000Z\tundefined\tINFO\tloading`).requestId).toBeUndefined();
    expect(parseLogLine('plain output', 42)).toMatchObject({ kind: 'text', level: 'INFO', message: 'plain output', timestamp: 42 });
  });
});
