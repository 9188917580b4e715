import type { S3Event } from 'aws-lambda';

/**
 * An ObjectCreated record exactly as S3 sends it, key URL-encoded the way S3 encodes it (form
 * encoding: `+` for a space):
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
export function objectCreatedEvent(object: { bucket: string; key: string; size: number; eTag: string }, region = 'us-east-1'): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: '2025-03-04T05:06:07.123Z',
        eventName: 'ObjectCreated:Post',
        userIdentity: { principalId: 'AWS:AROA3EXAMPLEROLEID:rekog-generate-upload-url' },
        requestParameters: { sourceIPAddress: '203.0.113.7' },
        responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'rekog-process-image-upload',
          bucket: { name: object.bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${object.bucket}` },
          object: { key: encodeS3EventKey(object.key), size: object.size, eTag: object.eTag, sequencer: '0055AED6DCD90281E5' },
        },
      },
    ],
  };
}

/** S3 encodes like an HTML form: `encodeURIComponent`, then `+` for a space. */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%20/g, '+'))
    .join('/');
}
