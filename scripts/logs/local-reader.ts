import { open } from 'node:fs/promises';
import { parseLogLine, type LogEvent } from './log-event';
import type { LogReader } from './log-reader';

export interface LocalReaderOptions {
  /** .rekog/local/logs/<function name>.log, appended to by the local cloud one line at a time. */
  file: string;
  /** Milliseconds since the epoch. */
  startTime: number;
  /** Case-insensitive text a line must contain. */
  filter?: string;
}

const NEWLINE = 0x0a;

/**
 * Each read returns the complete lines appended since the last one (the first read: the whole
 * file). A missing file reads as empty; a file that shrank or was replaced (`down --local`, then
 * `dev` again) is read again from its start.
 */
export function localReader(options: LocalReaderOptions): LogReader {
  let offset = 0;
  let inode: number | undefined;
  // Bytes after the last newline: a line still being written, or half of a multi-byte character.
  let partial = Buffer.alloc(0);
  let lastTimestamp: number | undefined;
  const filter = options.filter?.toLowerCase();

  async function readAppended(): Promise<Buffer> {
    const handle = await open(options.file, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!handle) return Buffer.alloc(0);
    try {
      const { size, ino } = await handle.stat();
      if (size < offset || (inode !== undefined && ino !== inode)) {
        offset = 0;
        partial = Buffer.alloc(0);
      }
      inode = ino;
      const chunk = Buffer.alloc(size - offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      offset += bytesRead;
      return chunk.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  return {
    async read() {
      const data = Buffer.concat([partial, await readAppended()]);
      const end = data.lastIndexOf(NEWLINE);
      if (end === -1) {
        partial = data;
        return [];
      }
      partial = Buffer.from(data.subarray(end + 1));
      const events: LogEvent[] = [];
      for (const line of data.subarray(0, end).toString('utf8').split('\n')) {
        if (!line) continue;
        // A line without a time of its own belongs with the line before it.
        const event = parseLogLine(line, lastTimestamp);
        lastTimestamp = event.timestamp ?? lastTimestamp;
        if (event.timestamp !== undefined && event.timestamp < options.startTime) continue;
        if (filter && !line.toLowerCase().includes(filter)) continue;
        events.push(event);
      }
      return events;
    },
  };
}
