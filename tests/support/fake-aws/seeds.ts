import type { ServiceName } from '../../../scripts/lib/engine/clients';
import type { FakeContext } from './context';
import { functionRecord } from './lambda';
import { newBucket } from './s3';
import type { TagMap } from './util';

type Invoke = (service: ServiceName, operation: string, input: Record<string, unknown>) => Promise<unknown>;

export interface SeedOptions {
  /** Tags the resource carries; none by default, as if someone else had made it by hand. */
  tags?: TagMap;
}

/**
 * Resources that exist before the engine runs and are not its own: an untagged role or table of
 * the same name, a bucket name owned by another account. The engine must leave them alone.
 */
export interface Seeds {
  foreignBucket(name: string): void;
  bucket(name: string, options?: SeedOptions & { objects?: Record<string, string>; versioning?: 'Enabled' }): Promise<void>;
  role(name: string, options?: SeedOptions): Promise<string>;
  table(name: string, options?: SeedOptions): Promise<string>;
  topic(name: string, options?: SeedOptions): Promise<string>;
  function(name: string, options?: SeedOptions & { roleArn?: string }): string;
  logGroup(name: string, options?: SeedOptions): Promise<void>;
  restApi(name: string, options?: SeedOptions): Promise<string>;
  alarm(name: string, options?: SeedOptions): Promise<void>;
  /** Confirms pending e-mail subscriptions to `endpoint`, as the recipient clicking the link would. */
  confirmSubscription(endpoint: string): void;
}

const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function tagList(tags: TagMap | undefined): { Key: string; Value: string }[] | undefined {
  return tags && Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function createSeeds(ctx: FakeContext, invoke: Invoke): Seeds {
  return {
    foreignBucket: (name) => {
      ctx.state.s3.buckets.set(name, newBucket(name, ctx.region, ctx.now(), true));
    },

    bucket: async (name, options = {}) => {
      const location = ctx.region === 'us-east-1' ? undefined : { LocationConstraint: ctx.region };
      await invoke('s3', 'CreateBucket', { Bucket: name, CreateBucketConfiguration: location });
      if (options.tags) await invoke('s3', 'PutBucketTagging', { Bucket: name, Tagging: { TagSet: tagList(options.tags) } });
      if (options.versioning) await invoke('s3', 'PutBucketVersioning', { Bucket: name, VersioningConfiguration: { Status: options.versioning } });
      for (const [Key, Body] of Object.entries(options.objects ?? {})) await invoke('s3', 'PutObject', { Bucket: name, Key, Body });
    },

    role: async (name, options = {}) => {
      const output = (await invoke('iam', 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST, Tags: tagList(options.tags) })) as {
        Role: { Arn: string };
      };
      return output.Role.Arn;
    },

    table: async (name, options = {}) => {
      const output = (await invoke('dynamodb', 'CreateTable', {
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        Tags: tagList(options.tags),
      })) as { TableDescription: { TableArn: string } };
      return output.TableDescription.TableArn;
    },

    topic: async (name, options = {}) => {
      const output = (await invoke('sns', 'CreateTopic', { Name: name, Tags: tagList(options.tags) })) as { TopicArn: string };
      return output.TopicArn;
    },

    function: (name, options = {}) => {
      const role = options.roleArn ?? `arn:aws:iam::${ctx.accountId}:role/someone-elses-role`;
      const record = functionRecord(
        ctx,
        { FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: role, Code: {}, Tags: options.tags },
        role,
        Buffer.from('PK\u0005\u0006'.padEnd(22, '\u0000')),
      );
      ctx.state.lambda.functions.set(name, record);
      return record.arn;
    },

    logGroup: async (name, options = {}) => {
      await invoke('logs', 'CreateLogGroup', { logGroupName: name, tags: options.tags });
    },

    restApi: async (name, options = {}) => {
      const output = (await invoke('apigateway', 'CreateRestApi', { name, tags: options.tags })) as { id: string };
      return output.id;
    },

    alarm: async (name, options = {}) => {
      await invoke('cloudwatch', 'PutMetricAlarm', {
        AlarmName: name,
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Tags: tagList(options.tags),
      });
    },

    confirmSubscription: (endpoint) => {
      for (const topic of ctx.state.sns.topics.values()) {
        for (const subscription of topic.subscriptions) if (subscription.endpoint === endpoint) subscription.confirmed = true;
      }
    },
  };
}
