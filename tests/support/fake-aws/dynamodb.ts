import {
  ResourceInUseException,
  ResourceNotFoundException,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type CreateTableCommandOutput,
  type DeleteTableCommandInput,
  type DeleteTableCommandOutput,
  type DescribeTableCommandInput,
  type DescribeTableCommandOutput,
  type DescribeTimeToLiveCommandInput,
  type DescribeTimeToLiveCommandOutput,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type ListTagsOfResourceCommandInput,
  type ListTagsOfResourceCommandOutput,
  type SSESpecification,
  type StreamSpecification,
  type TableDescription,
  type TableStatus,
  type TagResourceCommandInput,
  type UntagResourceCommandInput,
  type UpdateTimeToLiveCommandInput,
  type UpdateTimeToLiveCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { FakeContext, Operations, Out } from './context';
import { awsError, unmodelledError } from './errors';
import { stillWithin } from './realities';
import { copy, tagListOf, tagMapOf, withoutKeys, type TagMap } from './util';

export interface TableRecord {
  name: string;
  arn: string;
  id: string;
  createdAt: Date;
  keySchema: KeySchemaElement[];
  attributeDefinitions: AttributeDefinition[];
  billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  readCapacityUnits: number;
  writeCapacityUnits: number;
  globalSecondaryIndexes?: GlobalSecondaryIndex[];
  stream?: StreamSpecification;
  sse?: SSESpecification;
  deletionProtection: boolean;
  tags: TagMap;
  ttl?: { attributeName: string; enabled: boolean };
}

export interface DynamoDbState {
  tables: Map<string, TableRecord>;
  /** Tables deleted within the deletion window: DELETING, their names not yet free. */
  deleting: Map<string, { record: TableRecord; since: number }>;
}

export function createDynamoDbState(): DynamoDbState {
  return { tables: new Map(), deleting: new Map() };
}

function validation(message: string): Error {
  return unmodelledError('dynamodb', 'ValidationException', 400, message);
}

function checkAttributes(input: CreateTableCommandInput): void {
  const keyAttributes = new Set(
    [input.KeySchema ?? [], ...(input.GlobalSecondaryIndexes ?? []).map((index) => index.KeySchema ?? [])].flat().map((key) => key.AttributeName),
  );
  const defined = new Set((input.AttributeDefinitions ?? []).map((attribute) => attribute.AttributeName));
  if (!(input.KeySchema ?? []).length || [...keyAttributes].some((name) => !defined.has(name))) {
    throw validation('One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions.');
  }
  if (defined.size !== keyAttributes.size) {
    throw validation(
      'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    );
  }
  const onDemand = input.BillingMode === 'PAY_PER_REQUEST';
  if (onDemand && input.ProvisionedThroughput) {
    throw validation(
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
  }
  if (!onDemand && !input.ProvisionedThroughput) {
    throw validation(
      'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    );
  }
}

export function dynamoDbOperations(ctx: FakeContext): Operations {
  const { tables, deleting } = ctx.state.dynamodb;

  /** A deleted table whose deletion has finished is gone for good. */
  function stillDeleting(name: string): TableRecord | undefined {
    const entry = deleting.get(name);
    if (entry && !stillWithin(ctx.now(), entry.since, ctx.realities.tableDeletionMs)) deleting.delete(name);
    return deleting.get(name)?.record;
  }

  function statusOf(record: TableRecord): TableStatus {
    return stillWithin(ctx.now(), record.createdAt.getTime(), ctx.realities.tableCreationMs) ? 'CREATING' : 'ACTIVE';
  }

  function inUse(record: TableRecord, what: string): void {
    if (statusOf(record) !== 'ACTIVE') throw awsError(ResourceInUseException, 400, `Attempt to change a resource which is still in use: Table is being created: ${record.name} (${what})`);
  }

  function table(name: string | undefined): TableRecord {
    const found = tables.get(name ?? '') ?? [...tables.values()].find((record) => record.arn === name);
    if (!found) throw awsError(ResourceNotFoundException, 400, `Requested resource not found: Table: ${name} not found`);
    return found;
  }

  function describe(record: TableRecord, status: TableStatus): TableDescription {
    return {
      AttributeDefinitions: copy(record.attributeDefinitions),
      TableName: record.name,
      KeySchema: copy(record.keySchema),
      TableStatus: status,
      CreationDateTime: record.createdAt,
      ProvisionedThroughput: {
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: record.readCapacityUnits,
        WriteCapacityUnits: record.writeCapacityUnits,
      },
      TableSizeBytes: 0,
      ItemCount: 0,
      TableArn: record.arn,
      TableId: record.id,
      BillingModeSummary:
        record.billingMode === 'PAY_PER_REQUEST'
          ? { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: record.createdAt }
          : undefined,
      GlobalSecondaryIndexes: record.globalSecondaryIndexes?.map((index) => ({
        ...copy(index),
        IndexStatus: 'ACTIVE',
        IndexArn: `${record.arn}/index/${index.IndexName}`,
        ProvisionedThroughput: undefined,
      })),
      StreamSpecification: record.stream?.StreamEnabled ? copy(record.stream) : undefined,
      SSEDescription: record.sse?.Enabled ? { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: record.sse.KMSMasterKeyId } : undefined,
      DeletionProtectionEnabled: record.deletionProtection,
      WarmThroughput: { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000, Status: 'ACTIVE' },
    };
  }

  return {
    // A new table is CREATING for the creation window (at least in CreateTable's own answer); a
    // deleted one DELETING for the deletion window.
    DescribeTable: (input: DescribeTableCommandInput): Out<DescribeTableCommandOutput> => {
      const gone = stillDeleting(input.TableName ?? '');
      if (gone && !tables.has(gone.name)) return { Table: describe(gone, 'DELETING') };
      const record = table(input.TableName);
      return { Table: describe(record, statusOf(record)) };
    },

    CreateTable: (input: CreateTableCommandInput): Out<CreateTableCommandOutput> => {
      const name = input.TableName ?? '';
      if (tables.has(name)) throw awsError(ResourceInUseException, 400, `Table already exists: ${name}`);
      if (stillDeleting(name)) throw awsError(ResourceInUseException, 400, `Table is being deleted: ${name}`);
      checkAttributes(input);
      const record: TableRecord = {
        name,
        arn: `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}`,
        id: ctx.ids.register(randomUUID(), `table-id:${name}`),
        createdAt: ctx.now(),
        keySchema: copy(input.KeySchema ?? []),
        attributeDefinitions: copy(input.AttributeDefinitions ?? []),
        billingMode: input.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED',
        readCapacityUnits: input.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
        writeCapacityUnits: input.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
        globalSecondaryIndexes: copy(input.GlobalSecondaryIndexes),
        stream: copy(input.StreamSpecification),
        sse: copy(input.SSESpecification),
        deletionProtection: input.DeletionProtectionEnabled ?? false,
        tags: tagMapOf(input.Tags),
      };
      tables.set(name, record);
      return { TableDescription: describe(record, 'CREATING') };
    },

    DeleteTable: (input: DeleteTableCommandInput): Out<DeleteTableCommandOutput> => {
      const record = table(input.TableName);
      inUse(record, 'DeleteTable');
      if (record.deletionProtection) {
        throw validation('Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.');
      }
      tables.delete(record.name);
      if (ctx.realities.tableDeletionMs) deleting.set(record.name, { record, since: ctx.now().getTime() });
      return { TableDescription: describe(record, 'DELETING') };
    },

    DescribeTimeToLive: (input: DescribeTimeToLiveCommandInput): Out<DescribeTimeToLiveCommandOutput> => {
      const { ttl } = table(input.TableName);
      return {
        TimeToLiveDescription: ttl?.enabled ? { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.attributeName } : { TimeToLiveStatus: 'DISABLED' },
      };
    },

    UpdateTimeToLive: (input: UpdateTimeToLiveCommandInput): Out<UpdateTimeToLiveCommandOutput> => {
      const record = table(input.TableName);
      inUse(record, 'UpdateTimeToLive');
      const enabled = input.TimeToLiveSpecification?.Enabled ?? false;
      if (enabled === (record.ttl?.enabled ?? false)) {
        throw validation(`TimeToLive is already ${enabled ? 'enabled' : 'disabled'}`);
      }
      record.ttl = { attributeName: input.TimeToLiveSpecification?.AttributeName ?? '', enabled };
      return { TimeToLiveSpecification: copy(input.TimeToLiveSpecification) };
    },

    ListTagsOfResource: (input: ListTagsOfResourceCommandInput): Out<ListTagsOfResourceCommandOutput> => ({
      Tags: tagListOf(table(input.ResourceArn).tags),
    }),

    TagResource: (input: TagResourceCommandInput) => {
      const record = table(input.ResourceArn);
      record.tags = { ...record.tags, ...tagMapOf(input.Tags) };
      return {};
    },

    UntagResource: (input: UntagResourceCommandInput) => {
      const record = table(input.ResourceArn);
      record.tags = withoutKeys(record.tags, input.TagKeys);
      return {};
    },
  };
}

export function dynamoDbSnapshot(state: DynamoDbState): unknown {
  return Object.fromEntries(
    [...state.tables.values()].map((record) => {
      const { name, id, createdAt, ...rest } = record;
      return [name, rest];
    }),
  );
}

export function dynamoDbResources(state: DynamoDbState): string[] {
  return [...state.tables.keys()].map((name) => `dynamodb:table:${name}`);
}
