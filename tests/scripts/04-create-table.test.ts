import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type TableStatus,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { resultsTable } from '../../scripts/04-create-table';
import { DeployError } from '../../scripts/lib/engine/errors';
import { stackTags, tagList } from '../../scripts/lib/builders/tags';
import { awsError, writeCommands } from '../support/aws-errors';
import { testContext } from '../support/context';

const TABLE = 'rekog-results';
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:123456789012:table/${TABLE}`;

const described = (TableStatus: TableStatus = 'ACTIVE') => ({ Table: { TableName: TABLE, TableArn: TABLE_ARN, TableStatus } });
const ttl = (TimeToLiveStatus: 'ENABLED' | 'DISABLED') => ({ TimeToLiveDescription: { AttributeName: 'expiresAt', TimeToLiveStatus } });

describe('04 create-table', () => {
  const ctx = testContext();
  const dynamodb = mockClient(ctx.clients.dynamodb);
  beforeEach(() => dynamodb.reset());

  function existingTable(tags = tagList(stackTags('rekog'))) {
    dynamodb.on(DescribeTableCommand).resolves(described());
    dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: tags });
    dynamodb.on(DescribeTimeToLiveCommand).resolves(ttl('ENABLED'));
  }

  describe('a table being deleted or created', () => {
    test('a table still DELETING (a down a moment ago) is waited out, then created anew', async () => {
      dynamodb
        .on(DescribeTableCommand)
        .resolvesOnce(described('DELETING'))
        .resolvesOnce(described('DELETING'))
        .rejectsOnce(awsError(ResourceNotFoundException, 400))
        .resolves(described());
      dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: tagList(stackTags('rekog')) });
      dynamodb.on(DescribeTimeToLiveCommand).resolves(ttl('DISABLED'));
      const result = await resultsTable.ensure(ctx, {});
      expect(result.action).toBe('created');
      const order = dynamodb.calls().map((call) => call.args[0].constructor.name);
      expect(order.slice(0, 4)).toEqual(['DescribeTableCommand', 'DescribeTableCommand', 'DescribeTableCommand', 'CreateTableCommand']);
    });

    test('status shows a DELETING table as missing, being deleted; down finds nothing to do', async () => {
      dynamodb.on(DescribeTableCommand).resolves(described('DELETING'));
      expect((await resultsTable.inspect(ctx, {})).resources).toEqual([{ kind: 'DynamoDB table', name: TABLE, state: 'missing', detail: 'being deleted' }]);
      expect(await resultsTable.destroy(ctx, { keepData: false })).toMatchObject({ action: 'absent' });
      expect(writeCommands(dynamodb)).toEqual([]);
    });

    test('a table still CREATING (an up stopped a moment ago) is waited for before down deletes it', async () => {
      dynamodb.on(DescribeTableCommand).resolvesOnce(described('CREATING')).resolves(described());
      dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: tagList(stackTags('rekog')) });
      dynamodb.on(DescribeTimeToLiveCommand).resolves(ttl('DISABLED'));
      dynamodb.on(DeleteTableCommand).resolves({});
      expect(await resultsTable.destroy(ctx, { keepData: false })).toMatchObject({ action: 'deleted' });
      const order = dynamodb.calls().map((call) => call.args[0].constructor.name);
      expect(order.indexOf('DeleteTableCommand')).toBeGreaterThan(order.lastIndexOf('DescribeTableCommand'));
    });
  });

  describe('ensure', () => {
    test('a missing table is created on demand with the stack tag, waited for, then given TTL', async () => {
      dynamodb.on(DescribeTableCommand).rejectsOnce(awsError(ResourceNotFoundException, 400)).resolves(described());
      dynamodb.on(ListTagsOfResourceCommand).resolves({ Tags: tagList(stackTags('rekog')) });
      dynamodb.on(DescribeTimeToLiveCommand).resolves(ttl('DISABLED'));

      const result = await resultsTable.ensure(ctx, {});

      expect(result).toMatchObject({ action: 'created', outputs: { table: TABLE, tableArn: TABLE_ARN } });
      expect(dynamodb.commandCalls(CreateTableCommand)[0].args[0].input).toEqual({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'imageKey', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'imageKey', KeyType: 'HASH' }],
        Tags: [{ Key: 'rekog-deploy:stack', Value: 'rekog' }],
      });
      expect(dynamodb.commandCalls(UpdateTimeToLiveCommand)[0].args[0].input).toEqual({
        TableName: TABLE,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
      const order = dynamodb.calls().map((call) => call.args[0].constructor.name);
      // The waiter's DescribeTable sits between CreateTable and UpdateTimeToLive: TTL needs an ACTIVE table.
      expect(order.slice(order.indexOf('CreateTableCommand'), order.indexOf('CreateTableCommand') + 2)).toEqual(['CreateTableCommand', 'DescribeTableCommand']);
      expect(order.indexOf('UpdateTimeToLiveCommand')).toBeGreaterThan(order.indexOf('CreateTableCommand'));
    });

    test('second up makes no write calls: an active tagged table with TTL on is unchanged', async () => {
      existingTable();
      const result = await resultsTable.ensure(ctx, {});
      expect(result).toMatchObject({ action: 'unchanged', outputs: { table: TABLE, tableArn: TABLE_ARN } });
      expect(writeCommands(dynamodb)).toEqual([]);
    });

    test('TTL turned off is the only thing written back', async () => {
      existingTable();
      dynamodb.on(DescribeTimeToLiveCommand).resolves(ttl('DISABLED'));
      const result = await resultsTable.ensure(ctx, {});
      expect(result.action).toBe('updated');
      expect(writeCommands(dynamodb)).toEqual(['UpdateTimeToLiveCommand']);
    });

    test('a table still CREATING is waited for before TTL is checked', async () => {
      existingTable();
      dynamodb.on(DescribeTableCommand).resolvesOnce(described('CREATING')).resolves(described());
      dynamodb.on(DescribeTimeToLiveCommand).resolves(ttl('DISABLED'));
      const result = await resultsTable.ensure(ctx, {});
      expect(result.action).toBe('updated');
      expect(dynamodb.commandCalls(DescribeTableCommand).length).toBeGreaterThanOrEqual(2);
      expect(writeCommands(dynamodb)).toEqual(['UpdateTimeToLiveCommand']);
    });

    test('a same-named table without the stack tag is refused with NOT_OURS, and nothing is written', async () => {
      existingTable([]);
      dynamodb.on(DescribeTimeToLiveCommand).resolves(ttl('DISABLED'));
      const error = await resultsTable.ensure(ctx, {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeployError);
      expect(error).toMatchObject({ code: 'NOT_OURS', message: expect.stringContaining(TABLE) });
      expect(writeCommands(dynamodb)).toEqual([]);
    });
  });

  describe('destroy', () => {
    test('--keep-data names the table kept and writes nothing', async () => {
      existingTable();
      const result = await resultsTable.destroy(ctx, { keepData: true });
      expect(result).toEqual({ action: 'kept', deleted: [], kept: [{ kind: 'DynamoDB table', name: TABLE }], leftAlone: [] });
      expect(writeCommands(dynamodb)).toEqual([]);
    });

    test('a missing table is success: absent', async () => {
      dynamodb.on(DescribeTableCommand).rejects(awsError(ResourceNotFoundException, 400));
      const result = await resultsTable.destroy(ctx, { keepData: false });
      expect(result.action).toBe('absent');
      expect(writeCommands(dynamodb)).toEqual([]);
    });

    test('a same-named table without the stack tag is left alone and listed', async () => {
      existingTable([{ Key: 'team', Value: 'data' }]);
      const result = await resultsTable.destroy(ctx, { keepData: false });
      expect(result.action).toBe('absent');
      expect(result.leftAlone).toEqual([{ kind: 'DynamoDB table', name: TABLE }]);
      expect(writeCommands(dynamodb)).toEqual([]);
    });

    test('the stack table is deleted', async () => {
      existingTable();
      const result = await resultsTable.destroy(ctx, { keepData: false });
      expect(result).toEqual({ action: 'deleted', deleted: [{ kind: 'DynamoDB table', name: TABLE }], kept: [], leftAlone: [] });
      expect(dynamodb.commandCalls(DeleteTableCommand)[0].args[0].input).toEqual({ TableName: TABLE });
    });
  });
});
