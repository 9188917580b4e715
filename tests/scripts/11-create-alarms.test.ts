import {
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  PutMetricAlarmCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { stackAlarms } from '../../scripts/11-create-alarms';
import { alarmDefinitions } from '../../scripts/lib/builders/alarms';
import { arns } from '../../scripts/lib/builders/arns';
import { testContext } from '../support/context';

describe('11 create-alarms', () => {
  const ctx = testContext();
  // The alarms name the topic and functions by their derived names; the inputs only order the steps.
  const NO_INPUTS = {} as Parameters<typeof stackAlarms.ensure>[1];
  const cloudwatch = mockClient(ctx.clients.cloudwatch);
  const desired = alarmDefinitions(ctx.names, arns.topic(ctx.scope, ctx.names.topic), ctx.settings);
  beforeEach(() => cloudwatch.reset());

  /** What DescribeAlarms gives back for alarms made from our definitions. */
  function deployed(change: Partial<MetricAlarm> = {}): MetricAlarm[] {
    return desired.map(({ Tags: _tags, ...definition }) => ({
      ...definition,
      AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${definition.AlarmName}`,
      InsufficientDataActions: [],
      StateValue: 'OK',
      ...change,
    })) as MetricAlarm[];
  }

  test('without a daily limit there is no alarm on it, and one left from before is removed', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: deployed() });
    cloudwatch.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'rekog-deploy:stack', Value: 'rekog' }] });
    const unlimited = { ...ctx, settings: { ...ctx.settings, dailyUploadLimit: 0 } };
    const result = await stackAlarms.ensure(unlimited, NO_INPUTS);
    expect(result.changes).toEqual(['rekog-daily-uploads removed']);
    expect(cloudwatch.commandCalls(DeleteAlarmsCommand)[0].args[0].input).toEqual({ AlarmNames: ['rekog-daily-uploads'] });
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)).toHaveLength(0);
  });

  test('missing alarms are created, tagged, each notifying the topic', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const result = await stackAlarms.ensure(ctx, NO_INPUTS);
    expect(result.action).toBe('created');
    const puts = cloudwatch.commandCalls(PutMetricAlarmCommand).map((call) => call.args[0].input);
    expect(puts).toHaveLength(9);
    expect(puts.every((input) => input.Tags?.[0].Key === 'rekog-deploy:stack')).toBe(true);
  });

  test('alarms as defined are left alone: no write call', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: deployed() });
    cloudwatch.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'rekog-deploy:stack', Value: 'rekog' }] });
    const result = await stackAlarms.ensure(ctx, NO_INPUTS);
    expect(result.action).toBe('unchanged');
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)).toHaveLength(0);
  });

  test('an alarm changed by hand is put back', async () => {
    const alarms = deployed();
    alarms[0] = { ...alarms[0], Threshold: 50 };
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: alarms });
    cloudwatch.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'rekog-deploy:stack', Value: 'rekog' }] });
    const result = await stackAlarms.ensure(ctx, NO_INPUTS);
    expect(result.action).toBe('updated');
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand).map((call) => call.args[0].input.AlarmName)).toEqual([alarms[0].AlarmName]);
  });

  test("a same-named alarm without the stack's tag is refused", async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: deployed() });
    cloudwatch.on(ListTagsForResourceCommand).resolves({ Tags: [] });
    await expect(stackAlarms.ensure(ctx, NO_INPUTS)).rejects.toMatchObject({ code: 'NOT_OURS' });
    expect(cloudwatch.commandCalls(PutMetricAlarmCommand)).toHaveLength(0);
  });

  test('destroy deletes our alarms in one call and leaves the others, saying so', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: deployed() });
    cloudwatch.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'rekog-deploy:stack', Value: 'rekog' }] });
    cloudwatch.on(ListTagsForResourceCommand, { ResourceARN: deployed()[0].AlarmArn }).resolves({ Tags: [] });
    const result = await stackAlarms.destroy(ctx, { keepData: false });
    expect(cloudwatch.commandCalls(DeleteAlarmsCommand)).toHaveLength(1);
    expect(cloudwatch.commandCalls(DeleteAlarmsCommand)[0].args[0].input.AlarmNames).toHaveLength(8);
    expect(result.leftAlone).toEqual([{ kind: 'Alarm', name: deployed()[0].AlarmName }]);
    expect(result.deleted).toEqual(deployed().slice(1).map((alarm) => ({ kind: 'Alarm', name: alarm.AlarmName })));
  });

  test('status shows each alarm with its state', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: deployed({ StateValue: 'ALARM' }) });
    const inspection = await stackAlarms.inspect(ctx, {});
    expect(inspection.resources).toHaveLength(9);
    expect(inspection.resources.every((resource) => resource.state === 'present' && resource.detail === 'state ALARM')).toBe(true);
  });
});
