import type { PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { FUNCTION_KEYS, STAGE_NAME, type Names } from './names';
import { stackTags, tagList } from './tags';

// One failure in five minutes is worth an e-mail for an app this size; no data means all is well.
const WINDOW_SECONDS = 300;

function alarm(name: string, description: string, metric: Pick<PutMetricAlarmCommandInput, 'Namespace' | 'MetricName' | 'Dimensions'>, topicArn: string, stack: string): PutMetricAlarmCommandInput {
  return {
    AlarmName: name,
    AlarmDescription: description,
    ActionsEnabled: true,
    AlarmActions: [topicArn],
    OKActions: [],
    ...metric,
    Statistic: 'Sum',
    Period: WINDOW_SECONDS,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
    Tags: tagList(stackTags(stack)),
  };
}

/** Errors and throttles of each function, and 5xx answers of the API stage, all notifying the stack's topic. */
export function alarmDefinitions(names: Names, topicArn: string): PutMetricAlarmCommandInput[] {
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
  return [...functionAlarms, api];
}
