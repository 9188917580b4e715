import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Event } from 'aws-lambda';
import { isAwsError } from '../../lib/engine/errors';
import { objectCreatedRecord } from './events';
import { localNotificationSource, sequencerClock } from './notifications';
import { newHostId, newRequestId } from './s3-error';

export interface RedeliverOptions {
  dynamodb: DynamoDBClient;
  /** Reads object metadata through the gate. */
  s3: S3Client;
  table: string;
  bucket: string;
  region: string;
  deliver: (event: S3Event) => Promise<void>;
  log: (line: string) => void;
  now?: () => Date;
}

interface UnfinishedItem {
  imageKey: string;
  status: 'awaiting-upload' | 'processing' | 'done';
  size?: number;
  processingUntil?: number;
}

// A claimed image waits this much past its claim's end before it is delivered again, so that the
// handler's `processingUntil < now` check is sure to hold.
const AFTER_CLAIM_MS = 1_000;

/**
 * What S3 and Lambda would still do after the local cloud stopped mid-batch (a crash, Ctrl-C):
 * S3 delivers ObjectCreated at least once and Lambda retries a failed invocation, so on start the
 * same S3 event is delivered again for
 * - an item `awaiting-upload` whose object exists (the event was lost with the process);
 * - an item `processing` (its invocation died with the process) once its claim has run out: the
 *   handler claims an image until `processingUntil`, its invocation's own deadline (the claim time
 *   plus what was left of the function's timeout, so at most 60 s after it), and takes an image over
 *   only after it. No invocation of the previous run can outlive it, so waiting for the function
 *   timeout times the three attempts would only delay the result;
 * - an item `done` without `notifiedAt` (stopped between the result and the e-mail): the handler
 *   sends the notification of a finished image it is given again.
 * The handler's conditional writes make every redelivery harmless: each image is analysed and
 * notified once. Returns a stop function that cancels waiting deliveries and awaits running ones.
 */
export async function redeliverUnfinished(options: RedeliverOptions): Promise<() => Promise<void>> {
  const now = options.now ?? (() => new Date());
  const items = await scanUnfinished(options.dynamodb, options.table);
  const nextSequencer = sequencerClock();
  const source = localNotificationSource(options.region);
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const redeliver = async (item: UnfinishedItem) => {
    const object = await headObject(options.s3, options.bucket, item.imageKey);
    // Never uploaded: S3 has nothing to announce.
    if (!object && item.status === 'awaiting-upload') return;
    const record = objectCreatedRecord(
      {
        eventName: 'ObjectCreated:Post',
        eventTime: (object?.lastModified ?? now()).toISOString(),
        bucket: options.bucket,
        key: item.imageKey,
        size: object?.size ?? item.size ?? 0,
        eTag: object?.eTag ?? '',
        sequencer: nextSequencer(),
        sourceIPAddress: '127.0.0.1',
        requestId: newRequestId(),
        hostId: newHostId(),
      },
      source,
    );
    options.log(`s3 ObjectCreated:Post for ${item.imageKey} delivered again (left ${item.status} by the last run)`);
    await options.deliver({ Records: [record] });
  };
  const start = (item: UnfinishedItem) => {
    const delivery: Promise<void> = redeliver(item)
      .catch((error: unknown) => options.log(`s3 could not deliver ${item.imageKey} again: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => running.delete(delivery));
    running.add(delivery);
  };

  for (const item of items) {
    const waitMs = item.status === 'processing' ? (item.processingUntil ?? 0) + AFTER_CLAIM_MS - now().getTime() : 0;
    if (waitMs <= 0) {
      start(item);
      continue;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      start(item);
    }, waitMs);
    timers.add(timer);
  }
  return async () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    await Promise.all(running);
  };
}

async function scanUnfinished(client: DynamoDBClient, table: string): Promise<UnfinishedItem[]> {
  const documents = DynamoDBDocumentClient.from(client);
  const items: UnfinishedItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: '#status IN (:awaiting, :processing) OR (#status = :done AND attribute_not_exists(notifiedAt))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':awaiting': 'awaiting-upload', ':processing': 'processing', ':done': 'done' },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as UnfinishedItem[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function headObject(s3: S3Client, bucket: string, key: string): Promise<{ size?: number; eTag?: string; lastModified?: Date } | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { size: head.ContentLength, eTag: head.ETag, lastModified: head.LastModified };
  } catch (error) {
    if (isAwsError(error, 'NotFound', 'NoSuchKey')) return undefined;
    throw error;
  }
}
