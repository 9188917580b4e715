import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';
import { uploadCorsRules } from '../lib/builders/bucket-config';
import { isAwsError } from '../lib/engine/errors';
import type { Names } from '../lib/builders/names';
import { tableDefinition } from '../lib/builders/table-definition';

/**
 * The upload bucket and the table, from the same builders `up` uses. s3rver and dynalite lack
 * public access blocks, bucket policies, lifecycles and TTL, so those are AWS-only.
 */
export async function provisionLocalData(clients: { s3: S3Client; dynamodb: DynamoDBClient }, names: Names, siteOrigin: string): Promise<void> {
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: names.uploadBucket }));
  } catch (error) {
    if (!isAwsError(error, 'BucketAlreadyOwnedByYou', 'BucketAlreadyExists')) throw error;
  }
  await clients.s3.send(new PutBucketCorsCommand({ Bucket: names.uploadBucket, CORSConfiguration: { CORSRules: uploadCorsRules(siteOrigin) } }));
  try {
    await clients.dynamodb.send(new CreateTableCommand(tableDefinition(names.table, names.stack)));
  } catch (error) {
    if (!isAwsError(error, 'ResourceInUseException')) throw error;
  }
}
