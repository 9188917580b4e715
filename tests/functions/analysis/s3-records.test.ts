import { readUploadRecord } from '../../../functions/analysis/s3-records';

const record = (eTag?: string) => ({ eventName: 'ObjectCreated:Post', s3: { bucket: { name: 'uploads-bucket' }, object: { key: 'uploads/a.jpg', ...(eTag === undefined ? {} : { eTag }) } } });

describe('the object an S3 event record is about', () => {
  test("its ETag, which tells one object under the key from another", () => {
    expect(readUploadRecord(record('0123abcd'), 'uploads-bucket')).toEqual({ bucket: 'uploads-bucket', key: 'uploads/a.jpg', eTag: '0123abcd' });
  });

  test('an empty ETag is no ETag: it must not make a finished image look replaced', () => {
    expect(readUploadRecord(record(''), 'uploads-bucket')).toEqual({ bucket: 'uploads-bucket', key: 'uploads/a.jpg', eTag: undefined });
    expect(readUploadRecord(record(), 'uploads-bucket')).toEqual({ bucket: 'uploads-bucket', key: 'uploads/a.jpg', eTag: undefined });
  });
});
