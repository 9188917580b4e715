/** ARNs built from names, so a step can name what another step makes without asking AWS. */
export interface ArnScope {
  partition: string;
  region: string;
  accountId: string;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export const arns = {
  role: (s: ArnScope, name: string) => `arn:${s.partition}:iam::${s.accountId}:role/${name}`,
  bucket: (s: ArnScope, name: string) => `arn:${s.partition}:s3:::${name}`,
  table: (s: ArnScope, name: string) => `arn:${s.partition}:dynamodb:${s.region}:${s.accountId}:table/${name}`,
  topic: (s: ArnScope, name: string) => `arn:${s.partition}:sns:${s.region}:${s.accountId}:${name}`,
  queue: (s: ArnScope, name: string) => `arn:${s.partition}:sqs:${s.region}:${s.accountId}:${name}`,
  function: (s: ArnScope, name: string) => `arn:${s.partition}:lambda:${s.region}:${s.accountId}:function:${name}`,
  logGroup: (s: ArnScope, name: string) => `arn:${s.partition}:logs:${s.region}:${s.accountId}:log-group:${name}`,
  restApi: (s: ArnScope, apiId: string) => `arn:${s.partition}:apigateway:${s.region}::/restapis/${apiId}`,
  apiExecute: (s: ArnScope, apiId: string, path: string) =>
    `arn:${s.partition}:execute-api:${s.region}:${s.accountId}:${apiId}/${path}`,
};
