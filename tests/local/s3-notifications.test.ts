import { EventEmitter } from 'node:events';
import type { S3Event } from 'aws-lambda';
import type S3rver from '@20minutes/s3rver';
import { watchObjectCreated } from '../../scripts/local/s3/notifications';

const BUCKET = 'uploads-bucket';

/** Stands in for s3rver: an emitter of its 'event' records and a store that knows one object. */
class FakeS3rver extends EventEmitter {
  store = {
    getMetadata: jest.fn(async (_bucket: string, _key: string): Promise<Record<string, string | number>> => ({ etag: '"0123456789abcdef0123456789abcdef"', 'content-length': 7 })),
  };

  emitCreated(eventName: string, key: string, object: { size?: number; eTag?: string } = { size: 7, eTag: 'fedcba9876543210fedcba9876543210' }, bucket = BUCKET): void {
    const event: S3rver.Event = {
      Records: [
        {
          eventName,
          eventTime: '2026-01-15T12:00:00.000Z',
          requestParameters: { sourceIPAddress: '::ffff:127.0.0.1' },
          s3: { bucket: { name: bucket }, object: { key, sequencer: '19BC1A2B3C4', ...object } },
        },
      ],
    };
    this.emit('event', event);
  }
}

function watch(s3rver: FakeS3rver, deliver: (event: S3Event) => unknown = () => undefined) {
  const log = jest.fn<void, [string]>();
  const delivered: S3Event[] = [];
  const stop = watchObjectCreated(s3rver, {
    bucket: BUCKET,
    prefix: 'uploads/',
    region: 'us-east-1',
    configurationId: 'process-image-upload',
    deliver: (event) => {
      delivered.push(event);
      return deliver(event);
    },
    log,
  });
  return { stop, log, delivered };
}

test('delivers one S3 record per object created under the prefix of the bucket', async () => {
  const s3rver = new FakeS3rver();
  const { stop, delivered } = watch(s3rver);

  s3rver.emitCreated('ObjectCreated:Post', 'uploads/a b.jpg');
  s3rver.emitCreated('ObjectCreated:Put', 'site/index.html');
  s3rver.emitCreated('ObjectCreated:Put', 'uploads/other-bucket.jpg', undefined, 'site-bucket');
  s3rver.emitCreated('ObjectRemoved:Delete', 'uploads/a b.jpg', {});
  await stop();

  expect(delivered).toHaveLength(1);
  expect(delivered[0].Records).toHaveLength(1);
  expect(delivered[0].Records[0]).toMatchObject({
    eventVersion: '2.1',
    eventName: 'ObjectCreated:Post',
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    s3: { configurationId: 'process-image-upload', object: { key: 'uploads/a+b.jpg', size: 7, eTag: 'fedcba9876543210fedcba9876543210' } },
  });
});

test('a copy, whose s3rver event lacks the ETag, gets it from the store', async () => {
  const s3rver = new FakeS3rver();
  const { stop, delivered } = watch(s3rver);

  s3rver.emitCreated('ObjectCreated:Copy', 'uploads/copy.jpg', { size: 7 });
  await stop();

  expect(s3rver.store.getMetadata).toHaveBeenCalledWith(BUCKET, 'uploads/copy.jpg');
  expect(delivered[0].Records[0]).toMatchObject({ eventName: 'ObjectCreated:Copy', s3: { object: { eTag: '0123456789abcdef0123456789abcdef', size: 7 } } });
});

test('sequencers grow with each event', async () => {
  const s3rver = new FakeS3rver();
  const { stop, delivered } = watch(s3rver);

  for (let index = 0; index < 5; index += 1) s3rver.emitCreated('ObjectCreated:Put', `uploads/${index}.jpg`);
  await stop();

  const sequencers = delivered.map((event) => event.Records[0].s3.object.sequencer);
  expect(sequencers.every((sequencer) => /^[0-9A-F]{18}$/.test(sequencer))).toBe(true);
  expect([...sequencers].sort()).toEqual(sequencers);
  expect(new Set(sequencers).size).toBe(5);
});

test('a delivery that fails is logged, and the others still happen', async () => {
  const s3rver = new FakeS3rver();
  const { stop, log, delivered } = watch(s3rver, (event) => {
    if (event.Records[0].s3.object.key === 'uploads/bad.jpg') throw new Error('handler exploded');
  });

  s3rver.emitCreated('ObjectCreated:Post', 'uploads/bad.jpg');
  s3rver.emitCreated('ObjectCreated:Post', 'uploads/good.jpg');
  await stop();

  expect(delivered).toHaveLength(2);
  expect(log).toHaveBeenCalledWith('s3 notification ObjectCreated:Post for uploads/bad.jpg failed: handler exploded');
});

test('stopping waits for the deliveries under way, then ignores new events', async () => {
  const s3rver = new FakeS3rver();
  let finished = false;
  const { stop, delivered } = watch(s3rver, async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    finished = true;
  });

  s3rver.emitCreated('ObjectCreated:Post', 'uploads/slow.jpg');
  await stop();
  s3rver.emitCreated('ObjectCreated:Post', 'uploads/late.jpg');

  expect(finished).toBe(true);
  expect(delivered).toHaveLength(1);
  expect(s3rver.listenerCount('event')).toBe(0);
});
