import type { PutMetricAlarmCommandInput, Statistic } from '@aws-sdk/client-cloudwatch';
import { FUNCTION_KEYS, STAGE_NAME, type Names } from './names';
import { stackTags, tagList } from './tags';

// One failure in five minutes is worth an e-mail for an app this size; no data means all is well.
const WINDOW_SECONDS = 300;

/** Where generate-upload-url publishes how many upload URLs it issued today (an embedded metric in its log). */
export const UPLOADS_TODAY_METRIC = { Namespace: 'rekog-deploy', MetricName: 'UploadsToday' } as const;

/** The day's uploads reach this share of the daily limit: worth an e-mail before the page starts saying no. */
export const QUOTA_WARNING_SHARE = 0.8;

type Metric = Pick<PutMetricAlarmCommandInput, 'Namespace' | 'MetricName' | 'Dimensions'>;

function alarm(name: string, description: string, metric: Metric, topicArn: string, stack: string, threshold: { Statistic: Statistic; Threshold: number } = { Statistic: 'Sum', Threshold: 1 }): PutMetricAlarmCommandInput {
  return {
    AlarmName: name,
    AlarmDescription: description,
    ActionsEnabled: true,
    AlarmActions: [topicArn],
    OKActions: [],
    ...metric,
    Statistic: threshold.Statistic,
    Period: WINDOW_SECONDS,
    EvaluationPeriods: 1,
    Threshold: threshold.Threshold,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
    Tags: tagList(stackTags(stack)),
  };
}

export interface AlarmSettings {
  /** 0: no daily limit, and so no alarm on it. */
  dailyUploadLimit: number;
}

/**
 * Errors and throttles of each function, 5xx answers of the API stage, an upload whose analysis
 * failed every attempt, and the day's uploads nearing the daily limit: all notifying the stack's topic.
 */
export function alarmDefinitions(names: Names, topicArn: string, settings: AlarmSettings): PutMetricAlarmCommandInput[] {
  const functionAlarms = FUNCTION_KEYS.flatMap((key) => {
    const FunctionName = names.functions[key];
    const dimensions = [{ Name: 'FunctionName', Value: FunctionName }];
    return [
      alarm(`${FunctionName}-errors`, `${FunctionName} failed at least once in 5 minutes`, { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: dimensions }, topicArn, names.stack),
      alarm(`${FunctionName}-throttles`, `${FunctionName} was throttled at least once in 5 minutes`, { Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: dimensions }, topicArn, names.stack),
    ];
  });
  const api = alarm(
    `${names.api}-5xx`,
    `${names.api} answered at least one 5xx in 5 minutes`,
    { Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: [{ Name: 'ApiName', Value: names.api }, { Name: 'Stage', Value: STAGE_NAME }] },
    topicArn,
    names.stack,
  );
  const failedUploads = alarm(
    `${names.failedUploadsQueue}-waiting`,
    `An upload failed every attempt at analysis; its event waits in ${names.failedUploadsQueue}`,
    { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: names.failedUploadsQueue }] },
    topicArn,
    names.stack,
    { Statistic: 'Maximum', Threshold: 1 },
  );
  if (!settings.dailyUploadLimit) return [...functionAlarms, api, failedUploads];
  const quota = alarm(
    quotaAlarmName(names),
    `Today's uploads reached ${QUOTA_WARNING_SHARE * 100}% of the daily limit of ${settings.dailyUploadLimit}`,
    { ...UPLOADS_TODAY_METRIC, Dimensions: [{ Name: 'Stack', Value: names.stack }] },
    topicArn,
    names.stack,
    { Statistic: 'Maximum', Threshold: Math.ceil(settings.dailyUploadLimit * QUOTA_WARNING_SHARE) },
  );
  return [...functionAlarms, api, failedUploads, quota];
}

export function quotaAlarmName(names: Names): string {
  return `${names.stack}-daily-uploads`;
}
