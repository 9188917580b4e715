import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import type { Context } from '../engine/context';
import { unlessNotFound } from '../engine/errors';
import type { Action } from '../engine/step';

/** Named `<who may invoke> → <function>` where `down` lists one. */
export const INVOKE_PERMISSION_KIND = 'Invoke permission';

export interface InvokePermission {
  functionName: string;
  statementId: string;
  principal: string;
  sourceArn: string;
  /** S3 bucket ARNs name no account, so S3 permissions also pin the account (confused deputy). */
  sourceAccount?: string;
}

interface PolicyStatement {
  Sid?: string;
  Principal?: { Service?: string };
  Condition?: { ArnLike?: Record<string, string>; StringEquals?: Record<string, string> };
}

async function findStatement(ctx: Context, permission: Pick<InvokePermission, 'functionName' | 'statementId'>): Promise<PolicyStatement | undefined> {
  const policy = await unlessNotFound(() => ctx.clients.lambda.send(new GetPolicyCommand({ FunctionName: permission.functionName })));
  const statements: PolicyStatement[] = policy?.Policy ? JSON.parse(policy.Policy).Statement ?? [] : [];
  return statements.find((statement) => statement.Sid === permission.statementId);
}

function matches(statement: PolicyStatement, permission: InvokePermission): boolean {
  return (
    statement.Principal?.Service === permission.principal &&
    statement.Condition?.ArnLike?.['AWS:SourceArn'] === permission.sourceArn &&
    statement.Condition?.StringEquals?.['AWS:SourceAccount'] === permission.sourceAccount
  );
}

export async function permissionDrift(ctx: Context, permission: InvokePermission): Promise<'missing' | 'drifted' | 'present'> {
  const statement = await findStatement(ctx, permission);
  if (!statement) return 'missing';
  return matches(statement, permission) ? 'present' : 'drifted';
}

/** Lets a service invoke a function, only from the one source named. */
export async function ensureInvokePermission(ctx: Context, permission: InvokePermission): Promise<Action> {
  const state = await permissionDrift(ctx, permission);
  if (state === 'present') return 'unchanged';
  if (state === 'drifted') await removeInvokePermission(ctx, permission);
  await ctx.clients.lambda.send(
    new AddPermissionCommand({
      FunctionName: permission.functionName,
      StatementId: permission.statementId,
      Action: 'lambda:InvokeFunction',
      Principal: permission.principal,
      SourceArn: permission.sourceArn,
      SourceAccount: permission.sourceAccount,
    }),
  );
  return state === 'missing' ? 'created' : 'updated';
}

/** Reads first, so a `down` with nothing left to remove makes no write call. */
export async function removeInvokePermission(ctx: Context, permission: Pick<InvokePermission, 'functionName' | 'statementId'>): Promise<boolean> {
  if (!(await findStatement(ctx, permission))) return false;
  const removed = await unlessNotFound(() =>
    ctx.clients.lambda.send(new RemovePermissionCommand({ FunctionName: permission.functionName, StatementId: permission.statementId })),
  );
  return removed !== undefined;
}
