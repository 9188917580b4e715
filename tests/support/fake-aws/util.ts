import { createHash, randomBytes } from 'node:crypto';

export type TagMap = Record<string, string>;
export interface Tag {
  Key?: string;
  Value?: string;
}

export function tagMapOf(list: Tag[] | undefined): TagMap {
  return Object.fromEntries((list ?? []).filter((tag) => tag.Key !== undefined).map((tag) => [tag.Key as string, tag.Value ?? '']));
}

export function tagListOf(tags: TagMap): { Key: string; Value: string }[] {
  return Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([Key, Value]) => ({ Key, Value }));
}

export function withoutKeys(tags: TagMap, keys: string[] | undefined): TagMap {
  return Object.fromEntries(Object.entries(tags).filter(([key]) => !(keys ?? []).includes(key)));
}

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export function sha256Base64(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomString(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** Everything the SDK accepts as a streaming or blob body, read into memory. */
export async function bytesOf(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (typeof (body as Blob).arrayBuffer === 'function') return Buffer.from(await (body as Blob).arrayBuffer());
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<string | Uint8Array>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  throw new TypeError(`fake-aws cannot read a body of type ${Object.prototype.toString.call(body)}`);
}

/** Copies what the engine hands over or receives, so neither side can change the other's objects. */
export function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** One page of `items` after an opaque offset token. */
export function page<T>(items: T[], token: string | undefined, limit: number): { items: T[]; next?: string } {
  const start = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
  const end = start + limit;
  return { items: items.slice(start, end), next: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined };
}

export function byName<T>(pick: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => pick(a).localeCompare(pick(b));
}
