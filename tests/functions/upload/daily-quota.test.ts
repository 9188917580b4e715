import { UPLOADS_TODAY } from '../../../functions/generate-upload-url';
import { embeddedMetricLine, METRIC_NAMESPACE } from '../../../functions/shared/metrics';
import { dailyQuotaUpdate, quotaKey, quotaResetsAt, utcDay } from '../../../functions/upload/daily-quota';
import { UPLOADS_TODAY_METRIC } from '../../../scripts/lib/builders/alarms';

describe('the daily upload limit', () => {
  test('adds one and checks the limit in a single conditional write, on a key no upload can have', () => {
    expect(dailyQuotaUpdate('t', '2026-11-30', 500, 1_800_000_000)).toEqual({
      TableName: 't',
      Key: { imageKey: '#daily-uploads/2026-11-30' },
      UpdateExpression: 'ADD #uploads :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
      ConditionExpression: 'attribute_not_exists(#uploads) OR #uploads < :limit',
      ExpressionAttributeNames: { '#uploads': 'uploads', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: { ':one': 1, ':limit': 500, ':expiresAt': 1_800_000_000 },
      ReturnValues: 'UPDATED_NEW',
    });
    expect(quotaKey('2026-11-30')).not.toMatch(/^uploads\//);
  });

  test('counts by UTC day, and opens again at the next UTC midnight', () => {
    const late = new Date('2026-11-30T23:59:59.000Z');
    expect(utcDay(late)).toBe('2026-11-30');
    expect(quotaResetsAt(late).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(quotaResetsAt(new Date('2026-12-31T12:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  test("publishes the day's count as the very metric the alarm watches, in CloudWatch's embedded format", () => {
    expect({ Namespace: METRIC_NAMESPACE, MetricName: UPLOADS_TODAY }).toEqual(UPLOADS_TODAY_METRIC);
    const line = JSON.parse(embeddedMetricLine(UPLOADS_TODAY, 42, { Stack: 'demo' }, new Date('2026-11-30T12:00:00Z')));
    expect(line).toEqual({
      _aws: { Timestamp: Date.parse('2026-11-30T12:00:00Z'), CloudWatchMetrics: [{ Namespace: 'rekog-deploy', Dimensions: [['Stack']], Metrics: [{ Name: 'UploadsToday', Unit: 'Count' }] }] },
      Stack: 'demo',
      UploadsToday: 42,
    });
  });
});
