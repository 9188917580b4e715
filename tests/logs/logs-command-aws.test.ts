import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { SettingsError } from '../../config/load';
import { DeployError } from '../../scripts/lib/engine/errors';
import { buildNames } from '../../scripts/lib/builders/names';
import { runLogs, type LogsOptions } from '../../scripts/logs/logs-command';
import { awsError } from '../support/aws-errors';
import { CLOUDWATCH_MESSAGES, capture, REQUEST_ID } from './recorded-lines';

const names = buildNames('rekog', '123456789012', 'eu-west-1');
const NOW = Date.parse('2026-11-26T17:20:00.000Z');
const client = new CloudWatchLogsClient({ region: 'eu-west-1' });
const logs = mockClient(client);

/** A handler line as CloudWatch stores it: the runtime's text prefix, then the handler's JSON. */
function handlerEvent(eventId: string, time: string, message: string, extra: Record<string, unknown> = {}): FilteredLogEvent {
  const json = JSON.stringify({ level: 'info', message, requestId: REQUEST_ID, ...extra, time });
  return { eventId, timestamp: Date.parse(time), logStreamName: '2026/11/26/[$LATEST]abc', message: `${time}\t${REQUEST_ID}\tINFO\t${json}\n` };
}

function platformEvent(eventId: string, time: string, message: string): FilteredLogEvent {
  return { eventId, timestamp: Date.parse(time), logStreamName: '2026/11/26/[$LATEST]abc', message };
}

function options(overrides: Partial<LogsOptions> = {}) {
  const out = capture();
  const err = capture();
  const all: LogsOptions = {
    fn: 'process',
    since: '15m',
    follow: false,
    json: false,
    verbose: false,
    source: { kind: 'aws', client, names },
    out,
    err,
    env: {},
    now: () => NOW,
    pollMs: 5,
    ...overrides,
  };
  return { all, out, err };
}

describe('logs from CloudWatch', () => {
  beforeEach(() => logs.reset());
  afterAll(() => client.destroy());

  test('follows nextToken to the last page and prints every event in order, START/END/REPORT hidden', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({
        events: [
          platformEvent('1', '2026-11-26T17:09:22.455Z', CLOUDWATCH_MESSAGES.start),
          handlerEvent('2', '2026-11-26T17:09:24.329Z', 'image analysed', { key: 'uploads/a.jpg', labels: 1 }),
        ],
        nextToken: 'page-2',
      })
      .resolvesOnce({
        events: [
          handlerEvent('3', '2026-11-26T17:09:24.363Z', 'notification sent', { key: 'uploads/a.jpg', subject: 'Image analysed: Person' }),
          platformEvent('4', '2026-11-26T17:09:24.363Z', CLOUDWATCH_MESSAGES.end),
          platformEvent('5', '2026-11-26T17:09:24.363Z', CLOUDWATCH_MESSAGES.report),
        ],
      });
    const { all, out, err } = options();

    await runLogs(all);

    const calls = logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);
    expect(calls).toEqual([
      { logGroupName: '/aws/lambda/rekog-process-image-upload', startTime: NOW - 15 * 60_000, nextToken: undefined },
      { logGroupName: '/aws/lambda/rekog-process-image-upload', startTime: NOW - 15 * 60_000, nextToken: 'page-2' },
    ]);
    expect(out.lines()).toEqual([
      '17:09:24.329Z INFO   efa61a7b  uploads/a.jpg  image analysed  labels=1',
      '17:09:24.363Z INFO   efa61a7b  uploads/a.jpg  notification sent  subject="Image analysed: Person"',
    ]);
    expect(err.text()).toBe('');
  });

  test('after a text file named .jpg fails, `logs process --since 5m` shows the failure line with its key', async () => {
    const time = '2026-11-26T17:18:02.120Z';
    const failure = JSON.stringify({ level: 'warn', message: 'image not analysed', requestId: REQUEST_ID, key: 'uploads/4b069011-febc-4779-a6c2-2891884fdc2c.jpg', code: 'NOT_AN_IMAGE', time });
    logs.on(FilterLogEventsCommand).resolves({
      events: [{ eventId: '9', timestamp: Date.parse(time), logStreamName: 's', message: `${time}\t${REQUEST_ID}\tWARN\t${failure}\n` }],
    });
    const { all, out } = options({ since: '5m' });

    await runLogs(all);

    expect(logs.commandCalls(FilterLogEventsCommand)[0].args[0].input.startTime).toBe(NOW - 5 * 60_000);
    expect(out.lines()).toEqual(['17:18:02.120Z WARN   efa61a7b  uploads/4b069011-febc-4779-a6c2-2891884fdc2c.jpg  image not analysed  code=NOT_AN_IMAGE']);
  });

  test('--verbose adds the START/END/REPORT lines', async () => {
    logs.on(FilterLogEventsCommand).resolves({
      events: [platformEvent('1', '2026-11-26T17:09:22.455Z', CLOUDWATCH_MESSAGES.start), platformEvent('5', '2026-11-26T17:09:24.363Z', CLOUDWATCH_MESSAGES.report)],
    });
    const { all, out } = options({ verbose: true });
    await runLogs(all);
    expect(out.lines()).toEqual([
      '17:09:22.455Z START  efa61a7b  Version: $LATEST',
      '17:09:24.363Z REPORT  efa61a7b  Duration: 1907.73 ms  Billed Duration: 1908 ms  Memory Size: 256 MB  Max Memory Used: 97 MB',
    ]);
  });

  test('--filter is sent as one quoted CloudWatch term', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    const { all, out, err } = options({ filter: 'request "rejected"', since: '2026-11-26T17:00:00Z' });
    await runLogs(all);
    expect(logs.commandCalls(FilterLogEventsCommand)[0].args[0].input).toMatchObject({
      startTime: Date.parse('2026-11-26T17:00:00Z'),
      filterPattern: '"request \\"rejected\\""',
    });
    expect(out.text()).toBe('');
    expect(err.text()).toBe('No log events for rekog-process-image-upload since 2026-11-26T17:00:00.000Z.\n');
  });

  test('--json prints one JSON document: an array of events', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [handlerEvent('2', '2026-11-26T17:09:24.329Z', 'image analysed', { key: 'uploads/a.jpg', labels: 1 })] });
    const { all, out } = options({ json: true });
    await runLogs(all);
    expect(JSON.parse(out.text())).toEqual([
      {
        time: '2026-11-26T17:09:24.329Z',
        level: 'INFO',
        requestId: REQUEST_ID,
        key: 'uploads/a.jpg',
        message: 'image analysed',
        fields: { labels: 1 },
        raw: expect.stringContaining('\tINFO\t{"level":"info"'),
      },
    ]);
  });

  test('--follow polls from the newest timestamp, prints only new events, and stops cleanly when the signal aborts', async () => {
    const controller = new AbortController();
    const first = handlerEvent('1', '2026-11-26T17:10:00.000Z', 'upload URL issued');
    const second = handlerEvent('2', '2026-11-26T17:10:01.000Z', 'image analysed');
    const sameTime = handlerEvent('3', '2026-11-26T17:10:01.000Z', 'notification sent');
    const third = handlerEvent('4', '2026-11-26T17:10:02.000Z', 'record ignored');
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [first, second] })
      .resolvesOnce({ events: [second, sameTime] })
      .resolvesOnce({ events: [] })
      .callsFake(() => {
        controller.abort();
        return { events: [sameTime, third] };
      });
    const { all, out } = options({ follow: true, signal: controller.signal, fn: 'upload-url' });

    await expect(runLogs(all)).resolves.toBeUndefined();

    expect(out.lines().map((line) => line.split('  ').at(-1))).toEqual(['upload URL issued', 'image analysed', 'notification sent', 'record ignored']);
    const startTimes = logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input.startTime);
    expect(startTimes).toEqual([NOW - 15 * 60_000, Date.parse('2026-11-26T17:10:01.000Z'), Date.parse('2026-11-26T17:10:01.000Z'), Date.parse('2026-11-26T17:10:01.000Z')]);
    expect(logs.commandCalls(FilterLogEventsCommand)[0].args[0].input.logGroupName).toBe('/aws/lambda/rekog-generate-upload-url');
  });

  test('--follow --json prints one JSON object per line', async () => {
    const controller = new AbortController();
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [handlerEvent('1', '2026-11-26T17:10:00.000Z', 'one')] })
      .callsFake(() => {
        controller.abort();
        return { events: [handlerEvent('2', '2026-11-26T17:10:01.000Z', 'two')] };
      });
    const { all, out } = options({ follow: true, json: true, signal: controller.signal });
    await runLogs(all);
    expect(out.lines().map((line) => JSON.parse(line).message)).toEqual(['one', 'two']);
  });

  test('Ctrl-C while a request is in flight ends the follow without an error', async () => {
    const controller = new AbortController();
    logs.on(FilterLogEventsCommand).callsFake(() => {
      controller.abort();
      throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    });
    const { all } = options({ follow: true, signal: controller.signal });
    await expect(runLogs(all)).resolves.toBeUndefined();
  });

  test('a missing log group says the stack is not deployed and names `rekog-deploy up`', async () => {
    logs.on(FilterLogEventsCommand).rejects(awsError(ResourceNotFoundException));
    const { all } = options();
    const failure = await runLogs(all).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeployError);
    expect(failure).toMatchObject({ code: 'MISSING_DEPENDENCY' });
    expect((failure as Error).message).toBe(
      'No log group /aws/lambda/rekog-process-image-upload: stack "rekog" is not deployed in this region, or the function has not run yet. Deploy it with `rekog-deploy up`.',
    );
  });

  test('a bad function name or --since fails before any AWS call', async () => {
    await expect(runLogs(options({ fn: 'resize' }).all)).rejects.toThrow(SettingsError);
    await expect(runLogs(options({ since: 'last week' }).all)).rejects.toThrow(SettingsError);
    expect(logs.calls()).toHaveLength(0);
  });

  test('colour only on a terminal, and never with NO_COLOR', async () => {
    const failed = handlerEvent('1', '2026-11-26T17:10:00.000Z', 'image analysis failed', { level: 'error' });
    logs.on(FilterLogEventsCommand).resolves({ events: [failed] });
    const run = async (isTTY: boolean, env: NodeJS.ProcessEnv) => {
      const out = capture(isTTY);
      await runLogs({ ...options().all, out, env });
      return out.text();
    };
    expect(await run(true, {})).toContain('\u001b[31mERROR\u001b[0m');
    expect(await run(true, { NO_COLOR: '1' })).not.toContain('\u001b[');
    expect(await run(false, {})).not.toContain('\u001b[');
  });
});
