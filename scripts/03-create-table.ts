import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { Context } from './lib/context';
import { unlessNotFound } from './lib/errors';
import { assertOurs, notOursNote } from './lib/ownership';
import { runStepDirectly } from './lib/run-directly';
import type { Step } from './lib/step';
import { carriesStackTag, stackTags, tagList, tagMapFromList, type TagMap } from './lib/tags';

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

interface TableReading {
  table?: TableDescription;
  tags: TagMap;
  ttlEnabled: boolean;
}

async function readTable(ctx: Context): Promise<TableReading> {
  const { dynamodb } = ctx.clients;
  const TableName = ctx.names.table;
  const table = (await unlessNotFound(() => dynamodb.send(new DescribeTableCommand({ TableName }))))?.Table;
  if (!table || table.TableStatus === 'DELETING') return { tags: {}, ttlEnabled: false };
  const [tags, ttl] = await Promise.all([
    dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn })),
    dynamodb.send(new DescribeTimeToLiveCommand({ TableName })),
  ]);
  const description = ttl.TimeToLiveDescription;
  const ttlEnabled =
    description?.AttributeName === TTL_ATTRIBUTE && (description.TimeToLiveStatus === 'ENABLED' || description.TimeToLiveStatus === 'ENABLING');
  return { table, tags: tagMapFromList(tags.Tags), ttlEnabled };
}

async function waitForTable(ctx: Context): Promise<void> {
  await waitUntilTableExists({ client: ctx.clients.dynamodb, maxWaitTime: ctx.waitSeconds, minDelay: 1, maxDelay: 5 }, { TableName: ctx.names.table });
}

function outputsOf(ctx: Context, table: TableDescription) {
  return { table: ctx.names.table, tableArn: table.TableArn ?? '' };
}

export const createTable: Step<'create-table'> = {
  name: 'create-table',
  description: 'on-demand DynamoDB table of results, items expire through TTL',
  dependsOn: [],

  async ensure(ctx) {
    const { dynamodb } = ctx.clients;
    const TableName = ctx.names.table;
    let reading = await readTable(ctx);
    let action: 'created' | 'updated' | 'unchanged' = 'unchanged';
    if (!reading.table) {
      await dynamodb.send(new CreateTableCommand(tableDefinition(TableName, ctx.settings.stack)));
      action = 'created';
    } else {
      assertOurs('DynamoDB table', TableName, reading.tags, ctx.settings.stack);
    }
    if (action === 'created' || reading.table?.TableStatus !== 'ACTIVE') {
      await waitForTable(ctx);
      reading = await readTable(ctx);
    }
    if (!reading.ttlEnabled) {
      // TTL can only be turned on once the table is ACTIVE.
      await dynamodb.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
      if (action === 'unchanged') action = 'updated';
    }
    return { action, outputs: outputsOf(ctx, reading.table as TableDescription) };
  },

  async destroy(ctx, options) {
    if (options.keepData) return { action: 'kept' };
    const TableName = ctx.names.table;
    const reading = await readTable(ctx);
    if (!reading.table) return { action: 'absent' };
    if (!carriesStackTag(reading.tags, ctx.settings.stack)) {
      return { action: 'absent', notOurs: [notOursNote('DynamoDB table', TableName, ctx.settings.stack)] };
    }
    await unlessNotFound(() => ctx.clients.dynamodb.send(new DeleteTableCommand({ TableName })));
    return { action: 'deleted', deleted: [TableName] };
  },

  async inspect(ctx) {
    const reading = await readTable(ctx);
    const name = ctx.names.table;
    if (!reading.table) return { resources: [{ kind: 'DynamoDB table', name, state: 'missing' }] };
    const drift = reading.ttlEnabled ? [] : ['time to live'];
    return {
      resources: [{ kind: 'DynamoDB table', name, state: drift.length ? 'drifted' : 'present', drift: drift.length ? drift : undefined }],
      outputs: outputsOf(ctx, reading.table),
    };
  },
};

if (require.main === module) runStepDirectly(createTable);
