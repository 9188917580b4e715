/** Publishes one number to CloudWatch: with a dimension, as Lambda's logs hand it over. */
export type MetricWriter = (name: string, value: number, dimensions: Record<string, string>) => void;

export const METRIC_NAMESPACE = 'rekog-deploy';

/**
 * CloudWatch's embedded metric format: a JSON log line that CloudWatch Logs turns into a metric, no
 * API call and no permission needed. Written to stdout as it is, because console.log in Lambda puts
 * a prefix in front that would hide the JSON.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function embeddedMetricLine(name: string, value: number, dimensions: Record<string, string>, now: Date): string {
  return JSON.stringify({
    _aws: { Timestamp: now.getTime(), CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [Object.keys(dimensions)], Metrics: [{ Name: name, Unit: 'Count' }] }] },
    ...dimensions,
    [name]: value,
  });
}

export const writeEmbeddedMetric: MetricWriter = (name, value, dimensions) => {
  process.stdout.write(`${embeddedMetricLine(name, value, dimensions, new Date())}\n`);
};
