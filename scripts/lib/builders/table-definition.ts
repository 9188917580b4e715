import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { stackTags, tagList } from './tags';

export const TABLE_KEY = 'imageKey';
export const TTL_ATTRIBUTE = 'expiresAt';

/** On demand, keyed by the decoded S3 key; the same definition serves AWS and the local cloud. */
export function tableDefinition(TableName: string, stack: string): CreateTableCommandInput {
  return {
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: TABLE_KEY, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: TABLE_KEY, KeyType: 'HASH' }],
    Tags: tagList(stackTags(stack)),
  };
}
