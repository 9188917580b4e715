import { catalogued } from './step-catalogue';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  UpdateTimeToLiveCommand,
  waitForTableExists,
  waitForTableNotExists,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { runStepDirectly } from './commands/step';
import { tableDefinition, TTL_ATTRIBUTE } from './lib/builders/table-definition';
import { tagMapFromList, type TagMap } from './lib/builders/tags';
import { waiterOptions, type Context } from './lib/engine/context';
import { unlessNotFound } from './lib/engine/errors';
import { assertOurs, Teardown } from './lib/engine/ownership';
import { applySettings, driftOf, type Setting } from './lib/engine/setting';
import { actionOf, defineStep, resourceState } from './lib/engine/step';
import { waitFor } from './lib/engine/waits';

const KIND = 'DynamoDB table';

export interface TableOutputs {
  table: string;
  tableArn: string;
}

interface TableReading {
  table?: TableDescription;
  /** A table just deleted stays DELETING for a while; its name cannot be used again until it is gone. */
  deleting: boolean;
  tags: TagMap;
  ttlEnabled: boolean;
}

async function readTable(ctx: Context): Promise<TableReading> {
  const { dynamodb } = ctx.clients;
  const TableName = ctx.names.table;
  const table = (await unlessNotFound(() => dynamodb.send(new DescribeTableCommand({ TableName }))))?.Table;
  if (!table || table.TableStatus === 'DELETING') return { deleting: Boolean(table), tags: {}, ttlEnabled: false };
  const [tags, ttl] = await Promise.all([
    dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn })),
    dynamodb.send(new DescribeTimeToLiveCommand({ TableName })),
  ]);
  const description = ttl.TimeToLiveDescription;
  const ttlEnabled =
    description?.AttributeName === TTL_ATTRIBUTE && (description.TimeToLiveStatus === 'ENABLED' || description.TimeToLiveStatus === 'ENABLING');
  return { table, deleting: false, tags: tagMapFromList(tags.Tags), ttlEnabled };
}

function waitUntilGone(ctx: Context): Promise<void> {
  return waitFor(ctx, `DynamoDB to finish deleting table ${ctx.names.table}`, () => waitForTableNotExists(waiterOptions(ctx, ctx.clients.dynamodb), { TableName: ctx.names.table }));
}

function waitUntilActive(ctx: Context): Promise<void> {
  return waitFor(ctx, `table ${ctx.names.table} to become ACTIVE`, () => waitForTableExists(waiterOptions(ctx, ctx.clients.dynamodb), { TableName: ctx.names.table }));
}

/** TTL, as read with the table. It can only be turned on once the table is ACTIVE. */
function tableSettings(ctx: Context, reading: TableReading): Setting[] {
  return [
    {
      label: 'time to live',
      read: async () => reading.ttlEnabled,
      desired: true,
      write: () =>
        ctx.clients.dynamodb.send(
          new UpdateTimeToLiveCommand({ TableName: ctx.names.table, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }),
        ),
    },
  ];
}

function outputsOf(ctx: Context, table: TableDescription): TableOutputs {
  return { table: ctx.names.table, tableArn: table.TableArn ?? '' };
}

export const resultsTable = defineStep({
  ...catalogued('create-table'),
  dependsOn: [],

  async ensure(ctx) {
    const TableName = ctx.names.table;
    let reading = await readTable(ctx);
    if (reading.deleting) await waitUntilGone(ctx);
    const created = !reading.table;
    if (created) await ctx.clients.dynamodb.send(new CreateTableCommand(tableDefinition(TableName, ctx.settings.stack)));
    else assertOurs(KIND, TableName, reading.tags, ctx.settings.stack);
    if (created || reading.table?.TableStatus !== 'ACTIVE') {
      await waitUntilActive(ctx);
      reading = await readTable(ctx);
    }
    const changes = await applySettings(tableSettings(ctx, reading));
    return { action: actionOf(created, changes), outputs: outputsOf(ctx, reading.table as TableDescription), changes };
  },

  async destroy(ctx, options) {
    const teardown = new Teardown(ctx);
    const reading = await readTable(ctx);
    if (!reading.table || !teardown.ours(KIND, ctx.names.table, reading.tags)) return teardown.result();
    if (options.keepData) {
      teardown.kept(KIND, ctx.names.table);
    } else {
      // DeleteTable refuses a table that is still CREATING or UPDATING (ResourceInUseException).
      if (reading.table.TableStatus !== 'ACTIVE') await waitUntilActive(ctx);
      await unlessNotFound(() => ctx.clients.dynamodb.send(new DeleteTableCommand({ TableName: ctx.names.table })));
      teardown.removed(KIND, ctx.names.table);
    }
    return teardown.result();
  },

  async inspect(ctx) {
    const reading = await readTable(ctx);
    if (!reading.table) return { resources: [resourceState(KIND, ctx.names.table, false, [], reading.deleting ? 'being deleted' : undefined)] };
    return { resources: [resourceState(KIND, ctx.names.table, true, await driftOf(tableSettings(ctx, reading)))], outputs: outputsOf(ctx, reading.table) };
  },
});

if (require.main === module) void runStepDirectly(resultsTable);
