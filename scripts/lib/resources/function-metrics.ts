import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { Context } from '../engine/context';
import { FUNCTION_KEYS, type FunctionKey } from '../builders/names';

export interface FunctionActivity {
  function: string;
  invocations: number;
  errors: number;
}

const HOUR_SECONDS = 3600;
const METRICS = { invocations: 'Invocations', errors: 'Errors' } as const;

/** Invocations and errors of each function over the last hour: one GetMetricData call. */
export async function functionActivity(ctx: Context, now = new Date()): Promise<FunctionActivity[]> {
  const queries: MetricDataQuery[] = FUNCTION_KEYS.flatMap((key, index) =>
    Object.entries(METRICS).map(([field, MetricName]) => ({
      Id: `${field}${index}`,
      MetricStat: {
        Metric: { Namespace: 'AWS/Lambda', MetricName, Dimensions: [{ Name: 'FunctionName', Value: ctx.names.functions[key] }] },
        Period: HOUR_SECONDS,
        Stat: 'Sum',
      },
    })),
  );
  const { MetricDataResults } = await ctx.clients.cloudwatch.send(
    new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(now.getTime() - HOUR_SECONDS * 1000), EndTime: now }),
  );
  const total = (id: string) => (MetricDataResults ?? []).find((result) => result.Id === id)?.Values?.reduce((sum, value) => sum + value, 0) ?? 0;
  return FUNCTION_KEYS.map((key: FunctionKey, index) => ({
    function: ctx.names.functions[key],
    invocations: total(`invocations${index}`),
    errors: total(`errors${index}`),
  }));
}
