import { catalogued } from './step-catalogue';
import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { notificationTopic } from './05-create-sns';
import { failedUploadsQueue } from './06-create-queue';
import { lambdaFunctions } from './07-create-function';
import { restApi } from './09-create-api';
import { runStepDirectly } from './commands/step';
import { alarmDefinitions, quotaAlarmName } from './lib/builders/alarms';
import { arns } from './lib/builders/arns';
import { matchesDesired } from './lib/builders/documents';
import { carriesStackTag, tagMapFromList } from './lib/builders/tags';
import type { Context } from './lib/engine/context';
import { earlyWork } from './lib/engine/early-work';
import { notOursError, Teardown } from './lib/engine/ownership';
import { applySettings, type Setting } from './lib/engine/setting';
import { defineStep, resourceState } from './lib/engine/step';

const KIND = 'Alarm';

export interface AlarmOutputs {
  alarms: string[];
}

function definitions(ctx: Context): PutMetricAlarmCommandInput[] {
  return alarmDefinitions(ctx.names, arns.topic(ctx.scope, ctx.names.topic), ctx.settings);
}

/** Every alarm the stack can have: the daily-limit one exists only while there is a limit. */
function possibleNames(ctx: Context): string[] {
  return [...new Set([...definitions(ctx).map((alarm) => alarm.AlarmName as string), quotaAlarmName(ctx.names)])];
}

async function readAlarms(ctx: Context): Promise<Map<string, MetricAlarm>> {
  const { MetricAlarms } = await ctx.clients.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: possibleNames(ctx), AlarmTypes: ['MetricAlarm'] }));
  return new Map((MetricAlarms ?? []).map((alarm) => [alarm.AlarmName as string, alarm]));
}

async function alarmTags(ctx: Context, alarm: MetricAlarm) {
  const { Tags } = await ctx.clients.cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarm.AlarmArn }));
  return tagMapFromList(Tags);
}

function drifted(current: MetricAlarm, desired: PutMetricAlarmCommandInput): boolean {
  const { Tags: _tags, ...definition } = desired;
  return !matchesDesired(current, definition);
}

/** Each alarm as a setting: PutMetricAlarm creates or replaces the whole alarm (CloudWatch applies Tags on creation only). */
function alarmSetting(ctx: Context, desired: PutMetricAlarmCommandInput, current: MetricAlarm | undefined): Setting {
  return {
    label: desired.AlarmName as string,
    read: async () => current,
    desired,
    differences: () => (!current ? [`${desired.AlarmName} created`] : drifted(current, desired) ? [`${desired.AlarmName} updated`] : []),
    write: () => ctx.clients.cloudwatch.send(new PutMetricAlarmCommand(desired)),
  };
}

/** Only this step writes the alarms, so `up` reads them (and their tags) while the functions are being made. */
const alarmsFound = earlyWork(async (ctx) => {
  const existing = await readAlarms(ctx);
  const tagged = await Promise.all([...existing].map(async ([name, current]) => ({ name, tags: await alarmTags(ctx, current) })));
  return { existing, tagged };
});

export const stackAlarms = defineStep({
  ...catalogued('create-alarms'),
  dependsOn: [notificationTopic, failedUploadsQueue, lambdaFunctions, restApi],

  prepare(ctx) {
    alarmsFound.start(ctx);
  },

  async ensure(ctx) {
    const { existing, tagged } = await alarmsFound.take(ctx);
    const foreign = tagged.find(({ tags }) => !carriesStackTag(tags, ctx.settings.stack));
    if (foreign) throw notOursError(KIND, foreign.name, ctx.settings.stack);
    const changes = await applySettings(definitions(ctx).map((desired) => alarmSetting(ctx, desired, existing.get(desired.AlarmName as string))));
    const wanted = new Set(definitions(ctx).map((alarm) => alarm.AlarmName));
    const unwanted = [...existing.keys()].filter((name) => !wanted.has(name));
    if (unwanted.length) {
      await ctx.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: unwanted }));
      changes.push(...unwanted.map((name) => `${name} removed`));
    }
    return {
      action: existing.size === 0 ? 'created' : changes.length ? 'updated' : 'unchanged',
      outputs: { alarms: definitions(ctx).map((alarm) => alarm.AlarmName as string) },
      changes,
    };
  },

  async destroy(ctx) {
    const teardown = new Teardown(ctx);
    const tagged = await Promise.all([...(await readAlarms(ctx))].map(async ([name, alarm]) => ({ name, tags: await alarmTags(ctx, alarm) })));
    const ours = tagged.filter(({ name, tags }) => teardown.ours(KIND, name, tags)).map(({ name }) => name);
    if (ours.length) await ctx.clients.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ours }));
    for (const name of ours) teardown.removed(KIND, name);
    return teardown.result();
  },

  async inspect(ctx) {
    const existing = await readAlarms(ctx);
    const resources = definitions(ctx).map((desired) => {
      const current = existing.get(desired.AlarmName as string);
      return resourceState(KIND, desired.AlarmName as string, Boolean(current), current && drifted(current, desired) ? ['definition'] : [], current ? `state ${current.StateValue}` : undefined);
    });
    const complete = resources.every((resource) => resource.state !== 'missing');
    return { resources, outputs: complete ? { alarms: resources.map((resource) => resource.name) } : undefined };
  },
});

if (require.main === module) void runStepDirectly(stackAlarms);
