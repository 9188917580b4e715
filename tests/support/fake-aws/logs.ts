import {
  InvalidParameterException,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  type CreateLogGroupCommandInput,
  type DeleteLogGroupCommandInput,
  type DeleteRetentionPolicyCommandInput,
  type DescribeLogGroupsCommandInput,
  type DescribeLogGroupsCommandOutput,
  type ListTagsForResourceCommandInput,
  type ListTagsForResourceCommandOutput,
  type ListTagsLogGroupCommandInput,
  type ListTagsLogGroupCommandOutput,
  type PutRetentionPolicyCommandInput,
  type TagLogGroupCommandInput,
  type TagResourceCommandInput,
  type UntagLogGroupCommandInput,
  type UntagResourceCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { FakeContext, Operations, Out } from './context';
import { awsError } from './errors';
import { page, withoutKeys, type TagMap } from './util';

export interface LogGroupRecord {
  name: string;
  createdAt: Date;
  retentionInDays?: number;
  tags: TagMap;
}

export interface LogsState {
  groups: Map<string, LogGroupRecord>;
}

export function createLogsState(): LogsState {
  return { groups: new Map() };
}

const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export function logsOperations(ctx: FakeContext): Operations {
  const { groups } = ctx.state.logs;
  const arnPrefix = `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:`;

  function group(name: string | undefined): LogGroupRecord {
    const found = groups.get(name ?? '');
    if (!found) throw awsError(ResourceNotFoundException, 400, 'The specified log group does not exist.');
    return found;
  }

  /** Tagging APIs take the log group ARN without the trailing ":*" that DescribeLogGroups shows in `arn`. */
  function groupByArn(arn: string | undefined): LogGroupRecord {
    const value = arn ?? '';
    if (!value.startsWith(arnPrefix)) throw awsError(ResourceNotFoundException, 400, 'The specified resource does not exist.');
    return group(value.slice(arnPrefix.length).replace(/:\*$/, ''));
  }

  function addTags(record: LogGroupRecord, tags: TagMap | undefined): Record<string, never> {
    record.tags = { ...record.tags, ...tags };
    return {};
  }

  function removeTags(record: LogGroupRecord, keys: string[] | undefined): Record<string, never> {
    record.tags = withoutKeys(record.tags, keys);
    return {};
  }

  return {
    DescribeLogGroups: (input: DescribeLogGroupsCommandInput): Out<DescribeLogGroupsCommandOutput> => {
      const matching = [...groups.values()]
        .filter((record) => record.name.startsWith(input.logGroupNamePrefix ?? ''))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const { items, next } = page(matching, input.nextToken, Math.min(input.limit ?? 50, 50));
      return {
        logGroups: items.map((record) => ({
          logGroupName: record.name,
          creationTime: record.createdAt.getTime(),
          retentionInDays: record.retentionInDays,
          metricFilterCount: 0,
          arn: `${arnPrefix}${record.name}:*`,
          logGroupArn: `${arnPrefix}${record.name}`,
          storedBytes: 0,
          logGroupClass: 'STANDARD',
        })),
        nextToken: next,
      };
    },

    CreateLogGroup: (input: CreateLogGroupCommandInput) => {
      const name = input.logGroupName ?? '';
      if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) throw awsError(InvalidParameterException, 400, `Invalid log group name: ${name}`);
      if (groups.has(name)) throw awsError(ResourceAlreadyExistsException, 400, 'The specified log group already exists');
      groups.set(name, { name, createdAt: ctx.now(), tags: { ...input.tags } });
      return {};
    },

    DeleteLogGroup: (input: DeleteLogGroupCommandInput) => {
      groups.delete(group(input.logGroupName).name);
      return {};
    },

    PutRetentionPolicy: (input: PutRetentionPolicyCommandInput) => {
      const record = group(input.logGroupName);
      if (!RETENTION_DAYS.includes(input.retentionInDays ?? 0)) {
        const message = `1 validation error detected: Value '${input.retentionInDays}' at 'retentionInDays' failed to satisfy constraint`;
        throw awsError(InvalidParameterException, 400, message);
      }
      record.retentionInDays = input.retentionInDays;
      return {};
    },

    DeleteRetentionPolicy: (input: DeleteRetentionPolicyCommandInput) => {
      group(input.logGroupName).retentionInDays = undefined;
      return {};
    },

    ListTagsLogGroup: (input: ListTagsLogGroupCommandInput): Out<ListTagsLogGroupCommandOutput> => ({ tags: { ...group(input.logGroupName).tags } }),
    ListTagsForResource: (input: ListTagsForResourceCommandInput): Out<ListTagsForResourceCommandOutput> => ({
      tags: { ...groupByArn(input.resourceArn).tags },
    }),
    TagLogGroup: (input: TagLogGroupCommandInput) => addTags(group(input.logGroupName), input.tags),
    TagResource: (input: TagResourceCommandInput) => addTags(groupByArn(input.resourceArn), input.tags),
    UntagLogGroup: (input: UntagLogGroupCommandInput) => removeTags(group(input.logGroupName), input.tags),
    UntagResource: (input: UntagResourceCommandInput) => removeTags(groupByArn(input.resourceArn), input.tagKeys),
  };
}

export function logsSnapshot(state: LogsState): unknown {
  return Object.fromEntries([...state.groups.values()].map((record) => [record.name, { retentionInDays: record.retentionInDays, tags: record.tags }]));
}

export function logsResources(state: LogsState): string[] {
  return [...state.groups.keys()].map((name) => `logs:log-group:${name}`);
}
