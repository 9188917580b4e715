import { createLogger, type Logger } from '../../../functions/shared/log';

/** A logger whose lines the test can read back, parsed. */
export function capturedLogger(): { logger: Logger; lines: Record<string, any>[] } {
  const lines: Record<string, any>[] = [];
  const logger = createLogger({}, (_level, line) => lines.push(JSON.parse(line)), () => new Date('2025-01-02T03:04:05.000Z'));
  return { logger, lines };
}
