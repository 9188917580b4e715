import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DeployError } from '../lib/engine/errors';
import type { FunctionKey, Names } from '../lib/builders/names';
import { useColour } from '../lib/engine/reporter';
import { cloudWatchReader } from './cloudwatch-reader';
import { resolveFunction } from './function-choice';
import type { LogEvent } from './log-event';
import type { LogReader } from './log-reader';
import { localReader } from './local-reader';
import { isShown, renderEvent, toJsonEvent } from './render';
import { parseSince } from './since';

export type LogSource =
  | { kind: 'aws'; client: CloudWatchLogsClient; names: Names }
  | { kind: 'local'; logsDir: string; names: Names };

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface LogsOptions {
  /** `upload-url`, `process`, `detect-labels`, a function key or a full function name. */
  fn: string;
  /** `30s`, `15m`, `2h`, `1d` or an ISO timestamp. */
  since: string;
  follow: boolean;
  filter?: string;
  json: boolean;
  verbose: boolean;
  source: LogSource;
  /** Only log events go here. */
  out: Output;
  /** Notes for the person watching ("no events since …"); defaults to process.stderr. */
  err?: Output;
  env?: NodeJS.ProcessEnv;
  /** Ends `--follow` cleanly (the CLI ties it to Ctrl-C). */
  signal?: AbortSignal;
  pollMs?: number;
  now?: () => number;
}

const DEFAULT_POLL_MS = 2000;

/**
 * `rekog-deploy logs <function>`: the function's log lines since a moment, from CloudWatch or from
 * the local cloud's files, then with --follow the new ones as they come until the signal aborts.
 */
export async function runLogs(options: LogsOptions): Promise<void> {
  const { names } = options.source;
  const key = resolveFunction(options.fn, names);
  const startTime = parseSince(options.since, (options.now ?? Date.now)());
  const err = options.err ?? process.stderr;
  const reader = createReader(options, key, startTime, err);
  const colour = !options.json && useColour(options.out, options.env ?? process.env);
  const shown = (events: LogEvent[]) => events.filter((event) => isShown(event, options.verbose));

  if (!options.follow) {
    const events = shown(await reader.read());
    if (options.json) {
      options.out.write(`${JSON.stringify(events.map(toJsonEvent), null, 2)}\n`);
      return;
    }
    for (const event of events) options.out.write(`${renderEvent(event, { colour, verbose: options.verbose })}\n`);
    if (events.length === 0) err.write(`No log events for ${names.functions[key]} since ${new Date(startTime).toISOString()}.\n`);
    return;
  }

  // --json with --follow prints one event per line (NDJSON): a single document would never end.
  const print = (events: LogEvent[]) => {
    for (const event of shown(events)) {
      options.out.write(`${options.json ? JSON.stringify(toJsonEvent(event)) : renderEvent(event, { colour, verbose: options.verbose })}\n`);
    }
  };
  const { signal } = options;
  try {
    print(await reader.read());
    while (!signal?.aborted) {
      await sleep(options.pollMs ?? DEFAULT_POLL_MS, undefined, { signal });
      print(await reader.read());
    }
  } catch (error) {
    // Ctrl-C during a wait or a request: stopping is what was asked for, not a failure.
    if (signal?.aborted) return;
    throw error;
  }
}

function createReader(options: LogsOptions, key: FunctionKey, startTime: number, err: Output): LogReader {
  const { source } = options;
  if (source.kind === 'aws') {
    return cloudWatchReader({
      client: source.client,
      logGroupName: source.names.logGroups[key],
      stack: source.names.stack,
      startTime,
      filter: options.filter,
      signal: options.signal,
    });
  }
  const name = source.names.functions[key];
  const file = path.join(source.logsDir, `${name}.log`);
  // The local cloud writes a function's file at its first log line, so a missing file is a function that has not run.
  if (!existsSync(file)) {
    const notRun = `${name} has not run in the local cloud yet (no ${file})`;
    if (!options.follow) {
      throw new DeployError('MISSING_DEPENDENCY', `${notRun}: start it with \`rekog-deploy dev\` (or \`npm start\`), use the app, then try again.`);
    }
    err.write(`${notRun}; waiting for its first line. Is \`rekog-deploy dev\` running?\n`);
  }
  return localReader({ file, startTime, filter: options.filter });
}
