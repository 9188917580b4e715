import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { functionActivity } from '../../../../scripts/lib/resources/function-metrics';
import { testContext } from '../../../support/context';

describe('function metrics', () => {
  const ctx = testContext();
  const cloudwatch = mockClient(ctx.clients.cloudwatch);
  beforeEach(() => cloudwatch.reset());

  test("the functions' invocations and errors of the last hour come from one GetMetricData call", async () => {
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'invocations1', Values: [12, 3] },
        { Id: 'errors1', Values: [2] },
        { Id: 'invocations0', Values: [4] },
      ],
    });
    const now = new Date('2026-11-26T12:00:00Z');
    const activity = await functionActivity(ctx, now);
    expect(activity).toEqual([
      { function: 'rekog-generate-upload-url', invocations: 4, errors: 0 },
      { function: 'rekog-process-image-upload', invocations: 15, errors: 2 },
      { function: 'rekog-detect-labels', invocations: 0, errors: 0 },
    ]);
    const [call] = cloudwatch.commandCalls(GetMetricDataCommand);
    expect(call.args[0].input.StartTime).toEqual(new Date('2026-11-26T11:00:00Z'));
    expect(call.args[0].input.MetricDataQueries).toHaveLength(6);
  });
});
