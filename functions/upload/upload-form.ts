import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';

export interface UploadFormInput {
  bucket: string;
  key: string;
  contentType: string;
  /** The size the browser declared: the form accepts that many bytes exactly. */
  size: number;
  originalName: string;
  expiresInSeconds: number;
}

export const ORIGINAL_NAME_FIELD = 'x-amz-meta-original-name';

/**
 * A presigned POST whose policy S3 enforces: this exact key, content type and size (so the form
 * cannot carry another file, even one that fits).
 * createPresignedPost turns each of `Fields` (and the bucket and key) into an exact-match condition;
 * S3 requires one for every form field.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */
export function uploadFormOptions(input: UploadFormInput): PresignedPostOptions {
  return {
    Bucket: input.bucket,
    Key: input.key,
    Fields: {
      'Content-Type': input.contentType,
      // User metadata travels as HTTP headers, which S3 keeps to ASCII.
      [ORIGINAL_NAME_FIELD]: encodeURIComponent(input.originalName),
    },
    Conditions: [['content-length-range', input.size, input.size]],
    Expires: input.expiresInSeconds,
  };
}

export function createUploadForm(s3: S3Client, input: UploadFormInput): Promise<PresignedPost> {
  return createPresignedPost(s3, uploadFormOptions(input));
}
