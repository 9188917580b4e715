import { S3Client } from '@aws-sdk/client-s3';

/**
 * Region, credentials and AWS_ENDPOINT_URL(_S3) come from the environment through the SDK's own
 * configuration chain, so the same bundle runs on Lambda and against a local S3.
 */
export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  return new S3Client({
    // Emulators serve buckets by path, not by virtual host.
    forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL),
    // Since SDK 3.729 S3 requests carry a checksum by default, which a presigned browser upload
    // cannot match: https://github.com/aws/aws-sdk-js-v3/issues/6810
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
