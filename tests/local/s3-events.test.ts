import { encodeEventKey, objectCreatedRecord, type ObjectCreated, type NotificationSource } from '../../scripts/local/s3/events';

const source: NotificationSource = { region: 'eu-west-1', configurationId: 'process-image-upload', requesterPrincipalId: 'AWS:AIDAEXAMPLE', ownerPrincipalId: 'A3NL1KOZZKEXAMPLE' };
const created: ObjectCreated = {
  eventName: 'ObjectCreated:Post',
  eventTime: '2026-01-15T12:00:00.123Z',
  bucket: 'uploads-bucket',
  key: 'uploads/red flower.jpg',
  size: 1024,
  eTag: '"d41d8cd98f00b204e9800998ecf8427e"',
  sequencer: '0055AED6DCD90281E5',
  sourceIPAddress: '127.0.0.1',
  requestId: 'C3D13FE58DE4C810',
  hostId: 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
};

describe('encodeEventKey', () => {
  test.each([
    ['red flower.jpg', 'red+flower.jpg'],
    ['uploads/a bé.jpg', 'uploads/a+b%C3%A9.jpg'],
    ['a@b', 'a%40b'],
    ['dt=2026-01-15/10:47:07.log', 'dt%3D2026-01-15/10%3A47%3A07.log'],
    ['c++ (1).jpg', 'c%2B%2B+%281%29.jpg'],
    ["it's!~*-_.jpg", 'it%27s%21%7E*-_.jpg'],
    ['uploads/0b8c6f0e-5f7d-4a43-9a8b-1d2c3e4f5a6b.png', 'uploads/0b8c6f0e-5f7d-4a43-9a8b-1d2c3e4f5a6b.png'],
  ])('%s is %s', (key, encoded) => {
    expect(encodeEventKey(key)).toBe(encoded);
  });

  test('decodes back with the decoding S3 tells handlers to use', () => {
    const key = "uploads/a b+c (1) é ü/it's.jpg";

    expect(decodeURIComponent(encodeEventKey(key).replace(/\+/g, ' '))).toBe(key);
  });
});

describe('objectCreatedRecord', () => {
  test('is the record S3 delivers, field for field', () => {
    expect(objectCreatedRecord(created, source)).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: '2026-01-15T12:00:00.123Z',
      eventName: 'ObjectCreated:Post',
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': created.hostId },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'process-image-upload',
        bucket: { name: 'uploads-bucket', ownerIdentity: { principalId: 'A3NL1KOZZKEXAMPLE' }, arn: 'arn:aws:s3:::uploads-bucket' },
        object: { key: 'uploads/red+flower.jpg', size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5' },
      },
    });
  });

  test('names the version only for a versioned bucket', () => {
    expect(objectCreatedRecord(created, source).s3.object).not.toHaveProperty('versionId');
    expect(objectCreatedRecord({ ...created, versionId: '3HL4kqtJlcpXroDTDmjVBH40Nrjfkd' }, source).s3.object.versionId).toBe('3HL4kqtJlcpXroDTDmjVBH40Nrjfkd');
  });
});
