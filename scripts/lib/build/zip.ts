import { createHash } from 'node:crypto';

export interface ZipEntry {
  name: string;
  content: Buffer;
}

// archiver writes DOS times from the UTC fields of the date (zip-stream's forceLocalTime is off),
// so a fixed UTC date gives the same bytes in every time zone; 1980-01-01 is the earliest DOS date.
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));

/**
 * The same files always make the same zip (fixed times, modes and order), so its SHA-256 can be
 * compared with the CodeSha256 Lambda reports and an unchanged function is not uploaded again.
 */
export async function deterministicZip(entries: ZipEntry[]): Promise<Buffer> {
  // Loaded when a zip is made: an `up` that reuses its zips does without archiver's tenth of a second.
  const archiver = require('archiver') as typeof import('archiver');
  const archive = archiver('zip', { zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    archive.append(entry.content, { name: entry.name, date: FIXED_DATE, mode: 0o644 });
  }
  await archive.finalize();
  await finished;
  return Buffer.concat(chunks);
}

/** Lambda's CodeSha256: base64 of the SHA-256 of the deployment package. */
export function codeSha256(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('base64');
}
