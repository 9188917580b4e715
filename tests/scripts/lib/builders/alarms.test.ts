import { alarmDefinitions } from '../../../../scripts/lib/builders/alarms';
import { buildNames } from '../../../../scripts/lib/builders/names';

const scope = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const names = buildNames('demo', scope.accountId, scope.region);

describe('alarms', () => {
  const topic = 'arn:aws:sns:eu-west-1:111122223333:demo-notifications';

  test('errors and throttles of each function, 5xx of the API stage, failed uploads and the daily limit, each notifying the topic, tagged', () => {
    const alarms = alarmDefinitions(names, topic, { dailyUploadLimit: 500 });
    expect(alarms.map((alarm) => alarm.AlarmName).sort()).toEqual([
      'demo-api-5xx',
      'demo-daily-uploads',
      'demo-detect-labels-errors', 'demo-detect-labels-throttles',
      'demo-failed-uploads-waiting',
      'demo-generate-upload-url-errors', 'demo-generate-upload-url-throttles',
      'demo-process-image-upload-errors', 'demo-process-image-upload-throttles',
    ]);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ AlarmActions: [topic], ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
      expect(alarm.Tags).toEqual([{ Key: 'rekog-deploy:stack', Value: 'demo' }]);
    }
    expect(alarms.filter((alarm) => alarm.Threshold === 1)).toHaveLength(8);
    expect(alarms.find((alarm) => alarm.AlarmName === 'demo-api-5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: [{ Name: 'ApiName', Value: 'demo-api' }, { Name: 'Stage', Value: 'prod' }],
    });
  });

  test("the daily-limit alarm goes off at 80% of the limit, on the uploads generate-upload-url counts; none without a limit", () => {
    const quota = alarmDefinitions(names, topic, { dailyUploadLimit: 500 }).find((alarm) => alarm.AlarmName === 'demo-daily-uploads');
    expect(quota).toMatchObject({ Namespace: 'rekog-deploy', MetricName: 'UploadsToday', Dimensions: [{ Name: 'Stack', Value: 'demo' }], Statistic: 'Maximum', Threshold: 400 });
    expect(alarmDefinitions(names, topic, { dailyUploadLimit: 0 }).map((alarm) => alarm.AlarmName)).not.toContain('demo-daily-uploads');
  });

  test('an upload that failed every attempt (its event in the failed-uploads queue) is worth an e-mail', () => {
    const waiting = alarmDefinitions(names, topic, { dailyUploadLimit: 0 }).find((alarm) => alarm.AlarmName === 'demo-failed-uploads-waiting');
    expect(waiting).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'demo-failed-uploads' }], Threshold: 1 });
  });
});
