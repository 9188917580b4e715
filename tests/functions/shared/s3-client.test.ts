import { createS3Client } from '../../../functions/shared/s3-client';

describe('createS3Client', () => {
  test.each([
    ['AWS_ENDPOINT_URL_S3 set', true, { AWS_ENDPOINT_URL_S3: 'http://localhost:4569' }],
    ['AWS_ENDPOINT_URL set', true, { AWS_ENDPOINT_URL: 'http://localhost:4566' }],
    ['no endpoint set', false, {}],
  ])('with %s, path-style addressing is %s', (_case, pathStyle, env) => {
    const s3 = createS3Client(env);

    expect(s3.config.forcePathStyle).toBe(pathStyle);
  });

  test('adds checksums only when S3 requires them, so presigned browser uploads work', async () => {
    const s3 = createS3Client({});

    expect(await s3.config.requestChecksumCalculation()).toBe('WHEN_REQUIRED');
  });
});
