import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import { carriesStackTag, stackTags } from '../builders/tags';
import type { Context } from '../engine/context';
import { unlessNotFound } from '../engine/errors';
import { notOursError, type Teardown } from '../engine/ownership';
import { applySettings, driftOf, type Setting } from '../engine/setting';
import type { Action } from '../engine/step';

const KIND = 'Log group';

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

/** A log group as `up` finds it, and whether it carries this stack's tag. */
export interface FoundLogGroup {
  group?: LogGroup;
  ours: boolean;
}

export async function readLogGroup(ctx: Context, name: string): Promise<FoundLogGroup> {
  const group = await findLogGroup(ctx, name);
  return { group, ours: group ? await carriesOurTag(ctx, group) : false };
}

/** A group's settings, read from what DescribeLogGroups gave (absent: a group just created). */
function logGroupSettings(ctx: Context, name: string, group: LogGroup | undefined): Setting[] {
  const retentionInDays = ctx.settings.logRetentionDays;
  return [
    {
      label: 'log retention',
      read: async () => group?.retentionInDays,
      desired: retentionInDays,
      write: () => ctx.clients.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays })),
    },
  ];
}

export function logGroupDrift(ctx: Context, name: string, group: LogGroup): Promise<string[]> {
  return driftOf(logGroupSettings(ctx, name, group));
}

/**
 * Lambda would create /aws/lambda/<function> on first use, with no retention and no tag; creating
 * it first means logs expire and `down` can find and delete it.
 */
export async function ensureLogGroup(ctx: Context, name: string, found?: FoundLogGroup): Promise<Action> {
  const { group, ours } = found ?? (await readLogGroup(ctx, name));
  if (group && !ours) throw notOursError(KIND, name, ctx.settings.stack);
  if (!group) await ctx.clients.logs.send(new CreateLogGroupCommand({ logGroupName: name, tags: stackTags(ctx.settings.stack) }));
  const changes = await applySettings(logGroupSettings(ctx, name, group));
  return !group ? 'created' : changes.length ? 'updated' : 'unchanged';
}

export async function destroyLogGroup(ctx: Context, name: string, teardown: Teardown): Promise<void> {
  const group = await findLogGroup(ctx, name);
  if (!group) return;
  if (!(await carriesOurTag(ctx, group))) {
    teardown.leftAlone(KIND, name);
    return;
  }
  await unlessNotFound(() => ctx.clients.logs.send(new DeleteLogGroupCommand({ logGroupName: name })));
  teardown.removed(KIND, name);
}
