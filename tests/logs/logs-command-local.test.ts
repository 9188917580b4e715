import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeployError } from '../../scripts/lib/engine/errors';
import { buildNames } from '../../scripts/lib/builders/names';
import { runLogs, type LogsOptions } from '../../scripts/logs/logs-command';
import { capture, LOCAL_LINES, REQUEST_ID } from './recorded-lines';

const names = buildNames('rekog', '000000000000', 'us-east-1');
const NOW = Date.parse('2026-11-26T17:20:00.000Z');
const OLD_LINE = `2026-11-26T16:50:00.000Z\t${REQUEST_ID}\tINFO\t{"level":"info","message":"long ago","time":"2026-11-26T16:50:00.000Z"}`;

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 400 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('timed out waiting');
}

describe('logs from the local cloud', () => {
  let logsDir: string;
  let file: string;
  beforeEach(() => {
    logsDir = mkdtempSync(path.join(tmpdir(), 'rekog-logs-'));
    file = path.join(logsDir, 'rekog-process-image-upload.log');
  });
  afterEach(() => rmSync(logsDir, { recursive: true, force: true }));

  function options(overrides: Partial<LogsOptions> = {}) {
    const out = capture();
    const err = capture();
    const all: LogsOptions = {
      fn: 'process',
      since: '15m',
      follow: false,
      json: false,
      verbose: false,
      source: { kind: 'local', logsDir, names },
      out,
      err,
      env: {},
      now: () => NOW,
      pollMs: 5,
      ...overrides,
    };
    return { all, out, err };
  }

  test('reads <function name>.log: lines since --since, platform lines hidden', async () => {
    writeFileSync(file, [OLD_LINE, LOCAL_LINES.start, LOCAL_LINES.analysed, LOCAL_LINES.rejected, LOCAL_LINES.end, LOCAL_LINES.report, ''].join('\n'));
    const { all, out } = options();
    await runLogs(all);
    expect(out.lines()).toEqual([
      '17:09:24.329Z INFO   efa61a7b  uploads/9eeb3748-e8cd-4877-b721-0e58b4c6af02.jpg  image analysed  labels=1',
      '17:09:24.340Z WARN   efa61a7b  request rejected  code=NOT_AN_IMAGE statusCode=400 reason="not a JPEG or PNG"',
    ]);
  });

  test('--filter keeps the lines containing the text, in any case', async () => {
    writeFileSync(file, [LOCAL_LINES.analysed, LOCAL_LINES.rejected, LOCAL_LINES.invokeError, ''].join('\n'));
    const { all, out } = options({ filter: 'not_an_IMAGE', json: true });
    await runLogs(all);
    expect(JSON.parse(out.text()).map((event: { message: string }) => event.message)).toEqual(['request rejected']);
  });

  test('--follow prints lines as they are appended, a half-written line once it is complete, and stops on abort', async () => {
    writeFileSync(file, `${LOCAL_LINES.analysed}\n`);
    const controller = new AbortController();
    const { all, out } = options({ follow: true, signal: controller.signal });
    const running = runLogs(all);

    await waitFor(() => out.lines().length === 1);
    const half = Math.floor(LOCAL_LINES.rejected.length / 2);
    appendFileSync(file, `${LOCAL_LINES.start}\n${LOCAL_LINES.rejected.slice(0, half)}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(out.lines()).toHaveLength(1);
    appendFileSync(file, `${LOCAL_LINES.rejected.slice(half)}\n${LOCAL_LINES.invokeError}\n`);
    await waitFor(() => out.lines().length === 3);
    controller.abort();

    await expect(running).resolves.toBeUndefined();
    expect(out.lines().map((line) => line.slice(0, 19))).toEqual(['17:09:24.329Z INFO ', '17:09:24.340Z WARN ', '17:09:24.360Z ERROR']);
  });

  test('--follow reads a replaced file from its start (`down --local`, then `dev` again)', async () => {
    writeFileSync(file, `${LOCAL_LINES.analysed}\n${LOCAL_LINES.rejected}\n`);
    const controller = new AbortController();
    const { all, out } = options({ follow: true, signal: controller.signal });
    const running = runLogs(all);
    await waitFor(() => out.lines().length === 2);
    rmSync(file);
    writeFileSync(file, `${LOCAL_LINES.invokeError}\n`);
    await waitFor(() => out.lines().length === 3);
    controller.abort();
    await running;
    expect(out.lines()[2]).toContain('Invoke Error: TypeError');
  });

  test('a function that has not run locally: an error naming `rekog-deploy dev`; with --follow a note, then its first lines', async () => {
    const failure = await runLogs(options().all).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeployError);
    expect(failure).toMatchObject({ code: 'MISSING_DEPENDENCY', message: expect.stringContaining('rekog-process-image-upload has not run in the local cloud yet') });
    expect((failure as Error).message).toContain('`rekog-deploy dev`');

    const controller = new AbortController();
    const { all, out, err } = options({ follow: true, signal: controller.signal });
    const running = runLogs(all);
    expect(err.text()).toContain('rekog-process-image-upload has not run in the local cloud yet');
    writeFileSync(file, `${LOCAL_LINES.analysed}\n`);
    await waitFor(() => out.lines().length === 1);
    controller.abort();
    await running;
  });
});
