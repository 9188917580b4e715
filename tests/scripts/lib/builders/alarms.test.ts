import { alarmDefinitions } from '../../../../scripts/lib/builders/alarms';
import { buildNames } from '../../../../scripts/lib/builders/names';

const scope = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const names = buildNames('demo', scope.accountId, scope.region);

describe('alarms', () => {
  const topic = 'arn:aws:sns:eu-west-1:111122223333:demo-notifications';

  test('errors and throttles of each function and 5xx of the API stage, each notifying the topic, tagged', () => {
    const alarms = alarmDefinitions(names, topic);
    expect(alarms.map((alarm) => alarm.AlarmName).sort()).toEqual([
      'demo-api-5xx',
      'demo-detect-labels-errors', 'demo-detect-labels-throttles',
      'demo-generate-upload-url-errors', 'demo-generate-upload-url-throttles',
      'demo-process-image-upload-errors', 'demo-process-image-upload-throttles',
    ]);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ AlarmActions: [topic], Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
      expect(alarm.Tags).toEqual([{ Key: 'rekog-deploy:stack', Value: 'demo' }]);
    }
    expect(alarms.find((alarm) => alarm.AlarmName === 'demo-api-5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: [{ Name: 'ApiName', Value: 'demo-api' }, { Name: 'Stage', Value: 'prod' }],
    });
  });
});
