import { FilterLogEventsCommand, type CloudWatchLogsClient, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { DeployError, isAwsError } from '../lib/engine/errors';
import { parseLogLine, type LogEvent } from './log-event';
import type { LogReader } from './log-reader';

export interface CloudWatchReaderOptions {
  client: CloudWatchLogsClient;
  logGroupName: string;
  stack: string;
  /** Milliseconds since the epoch. */
  startTime: number;
  filter?: string;
  signal?: AbortSignal;
}

/**
 * A plain-text filter as one quoted CloudWatch term, so spaces and punctuation match literally
 * rather than as pattern syntax. CloudWatch matches terms case-sensitively.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export function filterPatternFor(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Each read returns the events since the last one. A follow-up read starts at the newest
 * timestamp seen (events sharing it come back again), so events are told apart by eventId.
 */
export function cloudWatchReader(options: CloudWatchReaderOptions): LogReader {
  let startTime = options.startTime;
  const seen = new Map<string, number>();
  return {
    async read() {
      const fresh: LogEvent[] = [];
      for (const event of await filterAllEvents(options, startTime)) {
        const id = event.eventId ?? `${event.logStreamName}/${event.timestamp}/${event.message}`;
        if (seen.has(id)) continue;
        seen.set(id, event.timestamp ?? startTime);
        fresh.push(parseLogLine(event.message ?? '', event.timestamp));
        startTime = Math.max(startTime, event.timestamp ?? startTime);
      }
      // Only ids at the new start time can come back; forgetting the rest keeps a long follow small.
      for (const [id, timestamp] of seen) if (timestamp < startTime) seen.delete(id);
      return fresh;
    },
  };
}

async function filterAllEvents(options: CloudWatchReaderOptions, startTime: number): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await options.client.send(
        new FilterLogEventsCommand({
          logGroupName: options.logGroupName,
          startTime,
          ...(options.filter ? { filterPattern: filterPatternFor(options.filter) } : {}),
          nextToken,
        }),
        { abortSignal: options.signal },
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) {
      throw new DeployError(
        'MISSING_DEPENDENCY',
        `No log group ${options.logGroupName}: stack "${options.stack}" is not deployed in this region, or the function has not run yet. Deploy it with \`rekog-deploy up\`.`,
        { cause: error },
      );
    }
    throw error;
  }
  // Pages come interleaved from all the log streams; a stable sort keeps each stream's order for equal times.
  return events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
}
