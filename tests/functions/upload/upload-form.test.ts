import { S3Client } from '@aws-sdk/client-s3';
import { createUploadForm } from '../../../functions/upload/upload-form';

const s3 = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
const input = {
  bucket: 'rekog-uploads-123456789012-eu-west-1',
  key: 'uploads/0b6f3a52-3c1e-4d1a-9a43-2f6f1c9e8d7a.png',
  contentType: 'image/png',
  size: 442_320,
  originalName: 'Crème brûlée.png',
  expiresInSeconds: 300,
};

function decodePolicy(fields: Record<string, string>): { expiration: string; conditions: unknown[] } {
  return JSON.parse(Buffer.from(fields.Policy, 'base64').toString('utf8'));
}

describe('the upload form', () => {
  test('has a policy that pins bucket, key, content type and the exact size declared', async () => {
    const { fields } = await createUploadForm(s3, input);

    const { conditions } = decodePolicy(fields);

    expect(conditions).toEqual(
      expect.arrayContaining([
        { bucket: input.bucket },
        { key: input.key },
        { 'Content-Type': 'image/png' },
        ['content-length-range', 442_320, 442_320],
        { 'x-amz-meta-original-name': 'Cr%C3%A8me%20br%C3%BBl%C3%A9e.png' },
        { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
      ]),
    );
    expect(conditions).not.toContainEqual(expect.arrayContaining(['starts-with']));
  });

  test('has a condition for every form field, as S3 requires', async () => {
    const { fields } = await createUploadForm(s3, input);
    const { conditions } = decodePolicy(fields);
    const pinned = new Set(conditions.filter((condition) => !Array.isArray(condition)).flatMap((condition) => Object.keys(condition as object)));

    const unpinned = Object.keys(fields).filter((name) => !pinned.has(name) && !['Policy', 'X-Amz-Signature'].includes(name));

    expect(unpinned).toEqual([]);
  });

  test('expires after the configured number of seconds', async () => {
    const before = Date.now();
    const { fields } = await createUploadForm(s3, input);
    const after = Date.now();

    const expiration = Date.parse(decodePolicy(fields).expiration);

    // The policy's expiration has whole-second precision.
    expect(expiration).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 300_000);
    expect(expiration).toBeLessThanOrEqual(after + 300_000);
  });

  test('posts to the bucket on the regional endpoint', async () => {
    const { url } = await createUploadForm(s3, input);

    expect(url).toBe(`https://${input.bucket}.s3.eu-west-1.amazonaws.com/`);
  });
});
