import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(
    readonly maxBytes: number,
    /** What was declared or read when the limit was passed. */
    readonly size: number,
  ) {
    super(`The request body is larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body into memory, refusing once it passes `maxBytes` (declared or read). */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer<ArrayBuffer>> {
  const declared = Number(request.headers['content-length']);
  if (declared > maxBytes) throw new BodyTooLargeError(maxBytes, declared);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes, size);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
