import type { AddPermissionCommandInput } from '@aws-sdk/client-lambda';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: string | { Service?: string; AWS?: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

function principalOf(principal: string): PolicyStatement['Principal'] {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith('arn:')) return { AWS: principal };
  return { Service: principal };
}

/** The statement Lambda writes for AddPermission, conditions spelled as Lambda spells them. */
export function statementOf(input: AddPermissionCommandInput, functionArn: string): PolicyStatement {
  const conditions: [string, string, string | undefined][] = [
    ['StringEquals', 'AWS:SourceAccount', input.SourceAccount],
    ['StringEquals', 'aws:PrincipalOrgID', input.PrincipalOrgID],
    ['StringEquals', 'lambda:EventSourceToken', input.EventSourceToken],
    ['StringEquals', 'lambda:FunctionUrlAuthType', input.FunctionUrlAuthType],
    ['ArnLike', 'AWS:SourceArn', input.SourceArn],
  ];
  const condition: Record<string, Record<string, string>> = {};
  for (const [operator, key, value] of conditions) {
    if (value !== undefined) condition[operator] = { ...condition[operator], [key]: value };
  }
  return {
    Sid: input.StatementId ?? '',
    Effect: 'Allow',
    Principal: principalOf(input.Principal ?? ''),
    Action: input.Action ?? '',
    Resource: functionArn,
    Condition: Object.keys(condition).length ? condition : undefined,
  };
}

function arnLike(pattern: string, value: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}

/** Whether S3 may invoke the function for events of `bucket`: what S3 checks before it accepts a notification. */
export function allowsS3(statements: PolicyStatement[], bucket: string, accountId: string): boolean {
  return statements.some((statement) => {
    const service = typeof statement.Principal === 'object' ? statement.Principal.Service : undefined;
    const sourceArn = statement.Condition?.ArnLike?.['AWS:SourceArn'];
    const sourceAccount = statement.Condition?.StringEquals?.['AWS:SourceAccount'];
    return (
      service === 's3.amazonaws.com' &&
      ['lambda:InvokeFunction', 'lambda:*'].includes(statement.Action) &&
      (sourceArn === undefined || arnLike(sourceArn, `arn:aws:s3:::${bucket}`)) &&
      (sourceAccount === undefined || sourceAccount === accountId)
    );
  });
}
