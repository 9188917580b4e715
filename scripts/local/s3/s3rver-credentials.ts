import { DUMMY_ACCOUNT } from '@20minutes/s3rver/lib/models/account';

/**
 * Lets SDK clients signed with this key through s3rver, which checks signatures against its
 * (process-wide) account registry; that holds only S3RVER/S3RVER until told otherwise.
 */
export function allowAccessKey(accessKeyId: string, secretAccessKey: string): void {
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
}
