import { parseLogLine } from '../../scripts/logs/log-event';
import { isShown, renderEvent, toJsonEvent } from '../../scripts/logs/render';
import { LOCAL_LINES, REQUEST_ID } from './recorded-lines';

const plain = { colour: false, verbose: false };
const render = (line: string, options = plain) => renderEvent(parseLogLine(line), options);

describe('renderEvent', () => {
  test('one line: UTC time, level, short request id, image key, message, then the other fields', () => {
    expect(render(LOCAL_LINES.analysed)).toBe('17:09:24.329Z INFO   efa61a7b  uploads/9eeb3748-e8cd-4877-b721-0e58b4c6af02.jpg  image analysed  labels=1');
    expect(render(LOCAL_LINES.rejected)).toBe('17:09:24.340Z WARN   efa61a7b  request rejected  code=NOT_AN_IMAGE statusCode=400 reason="not a JPEG or PNG"');
    expect(render(LOCAL_LINES.analysed)).not.toContain(REQUEST_ID);
  });

  test('a logged error shows as name: message; its stack only with --verbose', () => {
    expect(render(LOCAL_LINES.failed)).toBe('17:09:24.350Z ERROR  efa61a7b  uploads/a.png  image analysis failed  error="AccessDeniedException: not allowed"');
    expect(render(LOCAL_LINES.failed, { colour: false, verbose: true }).split('\n')).toEqual([
      '17:09:24.350Z ERROR  efa61a7b  uploads/a.png  image analysis failed  error="AccessDeniedException: not allowed"',
      '    at deserialize (/var/task/index.js:1:2)',
    ]);
  });

  test('an Invoke Error line reads as errorType: errorMessage, a text line as its text', () => {
    expect(render(LOCAL_LINES.invokeError)).toBe(
      "17:09:24.360Z ERROR  efa61a7b  Invoke Error: TypeError: Cannot read properties of undefined (reading 'Records')",
    );
    expect(render(LOCAL_LINES.text)).toBe('17:09:22.507Z ERROR  efa61a7b  (node:23822) Warning: NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)');
  });

  test('START, END and REPORT are shown only with --verbose, REPORT dimmed on a terminal', () => {
    for (const line of [LOCAL_LINES.start, LOCAL_LINES.end, LOCAL_LINES.report]) expect(isShown(parseLogLine(line), false)).toBe(false);
    expect(isShown(parseLogLine(LOCAL_LINES.report), true)).toBe(true);
    const report = '17:09:24.363Z REPORT  efa61a7b  Duration: 1907.73 ms  Billed Duration: 1908 ms  Memory Size: 256 MB  Init Duration: 790.42 ms';
    expect(render(LOCAL_LINES.report, { colour: false, verbose: true })).toBe(report);
    expect(render(LOCAL_LINES.report, { colour: true, verbose: true })).toBe(`\u001b[2m${report}\u001b[0m`);
  });

  test('with colour: ERROR red, WARN yellow, INFO as it is; without colour no escape codes at all', () => {
    expect(render(LOCAL_LINES.failed, { colour: true, verbose: false })).toContain(' \u001b[31mERROR\u001b[0m ');
    expect(render(LOCAL_LINES.rejected, { colour: true, verbose: false })).toContain(' \u001b[33mWARN \u001b[0m ');
    expect(render(LOCAL_LINES.analysed, { colour: true, verbose: false })).toBe(render(LOCAL_LINES.analysed));
    for (const line of Object.values(LOCAL_LINES)) expect(render(line, { colour: false, verbose: true })).not.toContain('\u001b[');
  });

  test('a multi-line message continues indented', () => {
    const event = parseLogLine(`2026-11-26T17:09:22.000Z\t${REQUEST_ID}\tERROR\tError: boom\n    at handler (index.js:1:1)\n`);
    expect(renderEvent(event, plain)).toBe('17:09:22.000Z ERROR  efa61a7b  Error: boom\n        at handler (index.js:1:1)');
  });
});

describe('toJsonEvent', () => {
  test('ISO time, level, full request id, key, message, fields and the raw line', () => {
    expect(toJsonEvent(parseLogLine(LOCAL_LINES.analysed))).toEqual({
      time: '2026-11-26T17:09:24.329Z',
      level: 'INFO',
      requestId: REQUEST_ID,
      key: 'uploads/9eeb3748-e8cd-4877-b721-0e58b4c6af02.jpg',
      message: 'image analysed',
      fields: { labels: 1 },
      raw: LOCAL_LINES.analysed,
    });
    expect(toJsonEvent(parseLogLine('plain output'))).toMatchObject({ time: null, requestId: null, message: 'plain output' });
  });
});
