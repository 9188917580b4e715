import * as z from 'zod/mini';
import { decodeEventKey, isUnderUploads } from '../shared/keys';

// Only the fields we read; the rest of S3's record may change freely.
const s3RecordSchema = z.object({
  eventName: z.optional(z.string()),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), eTag: z.optional(z.string()) }),
  }),
});

export type UploadTarget = { bucket: string; key: string; eTag?: string } | { ignored: string; key?: string };

/** The upload an S3 event record is about, or why the record is none of our business. */
export function readUploadRecord(record: unknown, uploadBucket: string): UploadTarget {
  const parsed = s3RecordSchema.safeParse(record);
  if (!parsed.success) return { ignored: 'not an S3 event record' };
  const { eventName, s3 } = parsed.data;
  if (eventName !== undefined && !eventName.startsWith('ObjectCreated:')) return { ignored: `not an upload (${eventName})` };
  if (s3.bucket.name !== uploadBucket) return { ignored: `not the upload bucket (${s3.bucket.name})` };
  const key = decodeEventKey(s3.object.key);
  if (key === undefined) return { ignored: 'key is not valid URL encoding', key: s3.object.key };
  if (!isUnderUploads(key)) return { ignored: 'key is outside uploads/', key };
  if (key.endsWith('/')) return { ignored: 'key is a folder marker', key };
  // S3 takes `..` literally, but proxies and policies that read keys as paths may not.
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) return { ignored: 'key has . or .. segments', key };
  // An empty ETag (a redelivery that found no object to read it from) says nothing about which object it was.
  return { bucket: s3.bucket.name, key, eTag: s3.object.eTag || undefined };
}
