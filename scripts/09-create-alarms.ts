import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { alarmDefinitions } from './lib/alarms';
import { arns } from './lib/arns';
import type { Context } from './lib/context';
import { matchesDesired } from './lib/documents';
import { notOursNote, assertOurs } from './lib/ownership';
import { runStepDirectly } from './lib/run-directly';
import type { ResourceState, Step } from './lib/step';
import { carriesStackTag, tagMapFromList } from './lib/tags';

function definitions(ctx: Context): PutMetricAlarmCommandInput[] {
  return alarmDefinitions(ctx.names, arns.topic(ctx.scope, ctx.names.topic));
}

async function readAlarms(ctx: Context): Promise<Map<string, MetricAlarm>> {
  const { MetricAlarms } = await ctx.clients.cloudwatch.send(
    new DescribeAlarmsCommand({ AlarmNames: definitions(ctx).map((alarm) => alarm.AlarmName as string), AlarmTypes: ['MetricAlarm'] }),
  );
  return new Map((MetricAlarms ?? []).map((alarm) => [alarm.AlarmName as string, alarm]));
}

async function isOurs(ctx: Context, alarm: MetricAlarm): Promise<boolean> {
  const { Tags } = await ctx.clients.cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarm.AlarmArn }));
  return carriesStackTag(tagMapFromList(Tags), ctx.settings.stack);
}

function drifted(current: MetricAlarm, desired: PutMetricAlarmCommandInput): boolean {
  const { Tags: _tags, ...definition } = desired;
  return !matchesDesired(current, definition);
}

export const createAlarms: Step<'create-alarms'> = {
  name: 'create-alarms',
  description: 'CloudWatch alarms on function errors and throttles and API 5xx, notifying the topic',
  dependsOn: ['create-sns', 'create-function', 'create-api'],

  async ensure(ctx) {
    const existing = await readAlarms(ctx);
    const changes: string[] = [];
    for (const desired of definitions(ctx)) {
      const current = existing.get(desired.AlarmName as string);
      if (current && !(await isOurs(ctx, current))) assertOurs('Alarm', desired.AlarmName as string, {}, ctx.settings.stack);
      if (current && !drifted(current, desired)) continue;
      // PutMetricAlarm creates or replaces the whole alarm; CloudWatch applies Tags on creation only.
      await ctx.clients.cloudwatch.send(new PutMetricAlarmCommand(desired));
      changes.push(`${desired.AlarmName} ${current ? 'updated' : 'created'}`);
    }
    const alarms = definitions(ctx).map((alarm) => alarm.AlarmName as string);
    return {
      action: existing.size === 0 ? 'created' : changes.length ? 'updated' : 'unchanged',
      outputs: { alarms },
      changes,
    };
  },

  async destroy(ctx) {
    const existing = await readAlarms(ctx);
    const ours: string[] = [];
    const notOurs: string[] = [];
    for (const [name, alarm] of existing) {
      if (await isOurs(ctx, alarm)) ours.push(name);
      else notOurs.push(notOursNote('Alarm', name, ctx.settings.stack));
    }
    if (ours.length) await ctx.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ours }));
    return { action: ours.length ? 'deleted' : 'absent', deleted: ours, notOurs };
  },

  async inspect(ctx) {
    const existing = await readAlarms(ctx);
    const resources: ResourceState[] = definitions(ctx).map((desired) => {
      const current = existing.get(desired.AlarmName as string);
      if (!current) return { kind: 'Alarm', name: desired.AlarmName as string, state: 'missing' };
      const drift = drifted(current, desired) ? ['definition'] : undefined;
      return { kind: 'Alarm', name: current.AlarmName as string, state: drift ? 'drifted' : 'present', drift, detail: `state ${current.StateValue}` };
    });
    const complete = resources.every((resource) => resource.state !== 'missing');
    return { resources, outputs: complete ? { alarms: resources.map((resource) => resource.name) } : undefined };
  },
};

if (require.main === module) runStepDirectly(createAlarms);
