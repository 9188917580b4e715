import { DUMMY_ACCOUNT } from 's3rver/lib/models/account';

/**
 * Lets SDK clients signed with this key through s3rver. s3rver does not verify SigV4 signatures,
 * but it answers InvalidAccessKeyId for a key missing from its (process-wide) account registry,
 * which holds only S3RVER/S3RVER until told otherwise.
 */
export function allowAccessKey(accessKeyId: string, secretAccessKey: string): void {
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
}
