import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Context } from './context';
import { unlessNotFound } from './errors';
import { assertOurs, notOursNote } from './ownership';
import type { Action, DestroyResult } from './step';
import { carriesStackTag, stackTags } from './tags';

export async function findLogGroup(ctx: Context, name: string): Promise<LogGroup | undefined> {
  const { logGroups } = await ctx.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return logGroups?.find((group) => group.logGroupName === name);
}

// DescribeLogGroups gives `arn` with a trailing `:*`; the tagging API wants it without.
function taggableArn(group: LogGroup): string {
  return group.logGroupArn ?? (group.arn ?? '').replace(/:\*$/, '');
}

async function carriesOurTag(ctx: Context, group: LogGroup): Promise<boolean> {
  const { tags } = await ctx.clients.logs.send(new ListTagsForResourceCommand({ resourceArn: taggableArn(group) }));
  return carriesStackTag(tags, ctx.settings.stack);
}

export function logGroupDrift(ctx: Context, group: LogGroup | undefined): string[] {
  if (!group) return [];
  return group.retentionInDays === ctx.settings.logRetentionDays ? [] : ['log retention'];
}

/**
 * Lambda would create /aws/lambda/<function> on first use, with no retention and no tag; creating
 * it first means logs expire and `down` can find and delete it.
 */
export async function ensureLogGroup(ctx: Context, name: string): Promise<Action> {
  const group = await findLogGroup(ctx, name);
  if (group && !(await carriesOurTag(ctx, group))) assertOurs('Log group', name, {}, ctx.settings.stack);
  if (!group) {
    await ctx.clients.logs.send(new CreateLogGroupCommand({ logGroupName: name, tags: stackTags(ctx.settings.stack) }));
  }
  if (!group || logGroupDrift(ctx, group).length) {
    await ctx.clients.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: ctx.settings.logRetentionDays }));
  }
  return !group ? 'created' : logGroupDrift(ctx, group).length ? 'updated' : 'unchanged';
}

export async function destroyLogGroup(ctx: Context, name: string, result: Required<DestroyResult>): Promise<void> {
  const group = await findLogGroup(ctx, name);
  if (!group) return;
  if (!(await carriesOurTag(ctx, group))) {
    result.notOurs.push(notOursNote('Log group', name, ctx.settings.stack));
    return;
  }
  await unlessNotFound(() => ctx.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: name })));
  result.deleted.push(name);
}
