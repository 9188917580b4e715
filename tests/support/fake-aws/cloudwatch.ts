import {
  ResourceNotFoundException,
  type DeleteAlarmsCommandInput,
  type DescribeAlarmsCommandInput,
  type DescribeAlarmsCommandOutput,
  type GetMetricDataCommandInput,
  type GetMetricDataCommandOutput,
  type ListTagsForResourceCommandInput,
  type ListTagsForResourceCommandOutput,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
  type TagResourceCommandInput,
  type UntagResourceCommandInput,
} from '@aws-sdk/client-cloudwatch';
import type { FakeContext, Operations, Out } from './context';
import { awsError } from './errors';
import { copy, page, tagListOf, tagMapOf, withoutKeys, type TagMap } from './util';

export interface AlarmRecord {
  name: string;
  arn: string;
  definition: Omit<PutMetricAlarmCommandInput, 'Tags'>;
  tags: TagMap;
  updatedAt: Date;
}

export interface CloudWatchState {
  alarms: Map<string, AlarmRecord>;
}

export function createCloudWatchState(): CloudWatchState {
  return { alarms: new Map() };
}

export function cloudWatchOperations(ctx: FakeContext): Operations {
  const { alarms } = ctx.state.cloudwatch;

  function byArn(arn: string | undefined): AlarmRecord {
    const found = [...alarms.values()].find((record) => record.arn === arn);
    if (!found) throw awsError(ResourceNotFoundException, 404, `Alarm ${arn} does not exist.`);
    return found;
  }

  function describe(record: AlarmRecord): MetricAlarm {
    return {
      ActionsEnabled: true,
      OKActions: [],
      AlarmActions: [],
      InsufficientDataActions: [],
      Dimensions: [],
      ...copy(record.definition),
      AlarmArn: record.arn,
      AlarmConfigurationUpdatedTimestamp: record.updatedAt,
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      StateUpdatedTimestamp: record.updatedAt,
      StateTransitionedTimestamp: record.updatedAt,
    };
  }

  return {
    PutMetricAlarm: (input: PutMetricAlarmCommandInput) => {
      const { Tags, ...definition } = input;
      const name = input.AlarmName ?? '';
      const existing = alarms.get(name);
      // Tags count only when the alarm is created; on an update CloudWatch ignores them.
      alarms.set(name, {
        name,
        arn: `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${name}`,
        definition: copy(definition),
        tags: existing ? existing.tags : tagMapOf(Tags),
        updatedAt: ctx.now(),
      });
      return {};
    },

    DescribeAlarms: (input: DescribeAlarmsCommandInput): Out<DescribeAlarmsCommandOutput> => {
      const matching = [...alarms.values()]
        .filter((record) => !input.AlarmNames || input.AlarmNames.includes(record.name))
        .filter((record) => record.name.startsWith(input.AlarmNamePrefix ?? ''))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const { items, next } = page(matching, input.NextToken, Math.min(input.MaxRecords ?? 50, 100));
      return { MetricAlarms: items.map(describe), CompositeAlarms: [], NextToken: next };
    },

    // Names that do not exist are skipped: DeleteAlarms is a batch call.
    DeleteAlarms: (input: DeleteAlarmsCommandInput) => {
      for (const name of input.AlarmNames ?? []) alarms.delete(name);
      return {};
    },

    // Nothing has run in the fake, so every metric has no data points.
    GetMetricData: (input: GetMetricDataCommandInput): Out<GetMetricDataCommandOutput> => ({
      MetricDataResults: (input.MetricDataQueries ?? []).map((query) => ({ Id: query.Id, Label: query.Label, Timestamps: [], Values: [], StatusCode: 'Complete' })),
      Messages: [],
    }),

    ListTagsForResource: (input: ListTagsForResourceCommandInput): Out<ListTagsForResourceCommandOutput> => ({
      Tags: tagListOf(byArn(input.ResourceARN).tags),
    }),

    TagResource: (input: TagResourceCommandInput) => {
      const record = byArn(input.ResourceARN);
      record.tags = { ...record.tags, ...tagMapOf(input.Tags) };
      return {};
    },

    UntagResource: (input: UntagResourceCommandInput) => {
      const record = byArn(input.ResourceARN);
      record.tags = withoutKeys(record.tags, input.TagKeys);
      return {};
    },
  };
}

export function cloudWatchSnapshot(state: CloudWatchState): unknown {
  return Object.fromEntries([...state.alarms.values()].map((record) => [record.name, { definition: record.definition, tags: record.tags }]));
}

export function cloudWatchResources(state: CloudWatchState): string[] {
  return [...state.alarms.keys()].map((name) => `cloudwatch:alarm:${name}`);
}
