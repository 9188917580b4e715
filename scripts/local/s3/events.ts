import type { S3EventRecord } from 'aws-lambda';

export type ObjectCreatedEventName = 'ObjectCreated:Put' | 'ObjectCreated:Post' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';

/** What happened to which object, as the S3 server saw it. */
export interface ObjectCreated {
  eventName: ObjectCreatedEventName;
  /** ISO 8601 with milliseconds, as S3 writes it. */
  eventTime: string;
  bucket: string;
  /** The key as stored, not encoded. */
  key: string;
  size: number;
  /** With or without the quotes of the ETag header. */
  eTag: string;
  /** Only for a versioned bucket. */
  versionId?: string;
  sequencer: string;
  sourceIPAddress: string;
  requestId: string;
  hostId: string;
}

/** Who sends the notification: the bucket's region, owner and notification configuration. */
export interface NotificationSource {
  region: string;
  configurationId: string;
  /** userIdentity.principalId: who made the request. */
  requesterPrincipalId: string;
  /** s3.bucket.ownerIdentity.principalId. */
  ownerPrincipalId: string;
}

/**
 * The record S3 delivers for an object-created event, field for field.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
export function objectCreatedRecord(object: ObjectCreated, source: NotificationSource): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: source.region,
    eventTime: object.eventTime,
    eventName: object.eventName,
    userIdentity: { principalId: source.requesterPrincipalId },
    requestParameters: { sourceIPAddress: object.sourceIPAddress },
    responseElements: { 'x-amz-request-id': object.requestId, 'x-amz-id-2': object.hostId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: source.configurationId,
      bucket: { name: object.bucket, ownerIdentity: { principalId: source.ownerPrincipalId }, arn: `arn:aws:s3:::${object.bucket}` },
      object: {
        key: encodeEventKey(object.key),
        size: object.size,
        eTag: object.eTag.replace(/"/g, ''),
        ...(object.versionId === undefined ? {} : { versionId: object.versionId }),
        sequencer: object.sequencer,
      },
    },
  };
}

/**
 * Encodes a key as S3 does in event records, form-style: "red flower.jpg" becomes "red+flower.jpg"
 * (the page above). AWS-validated recordings show `/` left as it is ("testupload/dir1/testfile.txt")
 * and `@` as %40 (test_key_encoding in
 * https://github.com/localstack/localstack/blob/0567c215e4615668ae04175583d0d90b364eaac4/tests/aws/services/s3/test_s3_notifications_sqs.py;
 * also https://github.com/minio/minio/issues/11665). For the other characters the rule is assumed
 * to be Java's URLEncoder, which those observations fit: letters, digits and `.-*_` stay, the rest
 * is UTF-8 percent-encoded, so `(` is %28, `'` %27 and `~` %7E where encodeURIComponent keeps them.
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}
