import type { S3Event } from 'aws-lambda';
import type S3rver from '@20minutes/s3rver';
import { encodeEventKey, objectCreatedRecord, type NotificationSource, type ObjectCreatedEventName } from './events';
import { newHostId, newRequestId } from './s3-error';

/** The part of an s3rver instance the watcher uses. */
export interface ObjectEvents {
  on(event: 'event', listener: (event: S3rver.Event) => void): unknown;
  off(event: 'event', listener: (event: S3rver.Event) => void): unknown;
  store: S3rver.Store;
}

export interface WatchObjectCreatedOptions {
  /** s3rver serves every local bucket; S3 notifications belong to one. */
  bucket: string;
  /** Matched against the encoded key, as S3 matches filter rules. Default: every key. */
  prefix?: string;
  region: string;
  configurationId?: string;
  /** Called with one record per event, as S3 invokes a function. */
  deliver: (event: S3Event) => unknown;
  log?: (line: string) => void;
}

// s3rver also reports CompleteMultipartUpload as Post; it cannot be told apart from its event.
const OBJECT_CREATED: Record<string, ObjectCreatedEventName> = {
  'ObjectCreated:Put': 'ObjectCreated:Put',
  'ObjectCreated:Post': 'ObjectCreated:Post',
  'ObjectCreated:Copy': 'ObjectCreated:Copy',
};

/**
 * Turns s3rver's object-created events for one bucket into S3-exact records and hands each to
 * `deliver`. Deliveries run concurrently, as S3's asynchronous Lambda invocations do (S3 promises
 * no order either; the sequencer orders events of one key). A failed delivery is logged and dropped.
 * Returns a function that stops watching and resolves once the deliveries under way have ended.
 */
export function watchObjectCreated(s3rver: ObjectEvents, options: WatchObjectCreatedOptions): () => Promise<void> {
  const log = options.log ?? ((line: string) => console.error(line));
  const source = localNotificationSource(options.region, options.configurationId);
  const nextSequencer = sequencerClock();
  const inFlight = new Set<Promise<void>>();

  const notify = async (record: S3rver.EventRecord, eventName: ObjectCreatedEventName, sequencer: string) => {
    const { bucket, object } = record.s3;
    // s3rver leaves the ETag out of Copy events.
    const metadata = object.eTag === undefined || object.size === undefined ? await s3rver.store.getMetadata(bucket.name, object.key) : {};
    const created = {
      eventName,
      eventTime: record.eventTime,
      bucket: bucket.name,
      key: object.key,
      size: object.size ?? Number(metadata['content-length']),
      eTag: object.eTag ?? String(metadata.etag),
      sequencer,
      sourceIPAddress: record.requestParameters.sourceIPAddress.replace(/^::ffff:/, ''),
      requestId: newRequestId(),
      hostId: newHostId(),
    };
    await options.deliver({ Records: [objectCreatedRecord(created, source)] });
  };

  const listener = (event: S3rver.Event) => {
    for (const record of event.Records) {
      const eventName = OBJECT_CREATED[record.eventName];
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
      if (!eventName || record.s3.bucket.name !== options.bucket || !encodeEventKey(record.s3.object.key).startsWith(options.prefix ?? '')) continue;
      const delivery: Promise<void> = notify(record, eventName, nextSequencer())
        .catch((error: unknown) => log(`s3 notification ${eventName} for ${record.s3.object.key} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    }
  };

  s3rver.on('event', listener);
  return async () => {
    s3rver.off('event', listener);
    await Promise.all(inFlight);
  };
}

/** The bucket's notification configuration, as the local cloud sets it. */
export function localNotificationSource(region: string, configurationId = 'local-object-created'): NotificationSource {
  return { region, configurationId, requesterPrincipalId: 'AWS:AIDALOCALREQUESTER', ownerPrincipalId: 'A1LOCALBUCKETOWNER' };
}

/** S3's sequencer: upper-case hex that grows with each event; here time-based and strictly increasing. */
export function sequencerClock(): () => string {
  let last = 0n;
  return () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    last = now > last ? now : last + 1n;
    return last.toString(16).toUpperCase().padStart(18, '0');
  };
}
