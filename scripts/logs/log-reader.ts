import type { LogEvent } from './log-event';

/** Where `logs` reads from, CloudWatch or the local cloud's files: each read returns what is new since the last. */
export interface LogReader {
  read(): Promise<LogEvent[]>;
}
