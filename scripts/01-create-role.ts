import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
  type Role,
} from '@aws-sdk/client-iam';
import type { Context } from './lib/context';
import { parsePolicyDocument, sameDocument } from './lib/documents';
import { unlessNotFound } from './lib/errors';
import { FUNCTION_KEYS, type FunctionKey } from './lib/names';
import { assertOurs, notOursNote } from './lib/ownership';
import { functionPolicy, lambdaTrustPolicy } from './lib/policies';
import { runStepDirectly } from './lib/run-directly';
import { combineActions, type Action, type DestroyResult, type ResourceState, type Step } from './lib/step';
import { carriesStackTag, stackTags, tagList, tagMapFromList } from './lib/tags';

interface RoleReading {
  role?: Role;
  drift: string[];
}

async function readRole(ctx: Context, key: FunctionKey): Promise<RoleReading> {
  const { iam } = ctx.clients;
  const name = ctx.names.roles[key];
  const role = (await unlessNotFound(() => iam.send(new GetRoleCommand({ RoleName: name }))))?.Role;
  if (!role) return { drift: [] };
  const drift: string[] = [];
  if (!sameDocument(parsePolicyDocument(role.AssumeRolePolicyDocument), lambdaTrustPolicy())) drift.push('trust policy');
  if (carriesStackTag(tagMapFromList(role.Tags), ctx.settings.stack)) {
    const inline = await unlessNotFound(() => iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: ctx.names.rolePolicy })));
    if (!sameDocument(parsePolicyDocument(inline?.PolicyDocument), functionPolicy(key, ctx.names, ctx.scope))) drift.push('permissions');
  }
  return { role, drift };
}

async function ensureRole(ctx: Context, key: FunctionKey): Promise<{ action: Action; role: Role }> {
  const { iam } = ctx.clients;
  const name = ctx.names.roles[key];
  const policy = JSON.stringify(functionPolicy(key, ctx.names, ctx.scope));
  const reading = await readRole(ctx, key);
  if (!reading.role) {
    const { Role: role } = await iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify(lambdaTrustPolicy()),
        Description: `rekog-deploy ${ctx.settings.stack}: runs ${ctx.names.functions[key]}`,
        Tags: tagList(stackTags(ctx.settings.stack)),
      }),
    );
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: ctx.names.rolePolicy, PolicyDocument: policy }));
    return { action: 'created', role: role as Role };
  }
  assertOurs('IAM role', name, tagMapFromList(reading.role.Tags), ctx.settings.stack);
  if (reading.drift.includes('trust policy')) {
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: JSON.stringify(lambdaTrustPolicy()) }));
  }
  if (reading.drift.includes('permissions')) {
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: ctx.names.rolePolicy, PolicyDocument: policy }));
  }
  return { action: reading.drift.length ? 'updated' : 'unchanged', role: reading.role };
}

async function destroyRole(ctx: Context, key: FunctionKey, result: Required<DestroyResult>): Promise<void> {
  const { iam } = ctx.clients;
  const name = ctx.names.roles[key];
  const role = (await unlessNotFound(() => iam.send(new GetRoleCommand({ RoleName: name }))))?.Role;
  if (!role) return;
  if (!carriesStackTag(tagMapFromList(role.Tags), ctx.settings.stack)) {
    result.notOurs.push(notOursNote('IAM role', name, ctx.settings.stack));
    return;
  }
  const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
  for (const policyName of inline.PolicyNames ?? []) {
    await unlessNotFound(() => iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policyName })));
  }
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
  for (const { PolicyArn } of attached.AttachedPolicies ?? []) {
    await unlessNotFound(() => iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn })));
  }
  await unlessNotFound(() => iam.send(new DeleteRoleCommand({ RoleName: name })));
  result.deleted.push(name);
}

export const createRole: Step<'create-role'> = {
  name: 'create-role',
  description: 'one IAM role per function, each allowed only what that function touches',
  dependsOn: [],

  async ensure(ctx) {
    const results = await Promise.all(FUNCTION_KEYS.map(async (key) => [key, await ensureRole(ctx, key)] as const));
    const roleArns = {} as Record<FunctionKey, string>;
    const roleCreatedAt = {} as Record<FunctionKey, string>;
    for (const [key, { role }] of results) {
      roleArns[key] = role.Arn ?? '';
      roleCreatedAt[key] = new Date(role.CreateDate ?? Date.now()).toISOString();
    }
    return { action: combineActions(results.map(([, result]) => result.action)), outputs: { roleArns, roleCreatedAt } };
  },

  async destroy(ctx) {
    const result: Required<DestroyResult> = { action: 'absent', notOurs: [], deleted: [] };
    for (const key of FUNCTION_KEYS) await destroyRole(ctx, key, result);
    if (result.deleted.length) result.action = 'deleted';
    return result;
  },

  async inspect(ctx) {
    const readings = await Promise.all(FUNCTION_KEYS.map(async (key) => [key, await readRole(ctx, key)] as const));
    const resources: ResourceState[] = readings.map(([key, { role, drift }]) => ({
      kind: 'IAM role',
      name: ctx.names.roles[key],
      state: !role ? 'missing' : drift.length ? 'drifted' : 'present',
      drift: drift.length ? drift : undefined,
    }));
    const complete = readings.every(([, { role }]) => role);
    const roleArns = Object.fromEntries(readings.map(([key, { role }]) => [key, role?.Arn ?? ''])) as Record<FunctionKey, string>;
    const roleCreatedAt = Object.fromEntries(
      readings.map(([key, { role }]) => [key, new Date(role?.CreateDate ?? 0).toISOString()]),
    ) as Record<FunctionKey, string>;
    return { resources, outputs: complete ? { roleArns, roleCreatedAt } : undefined };
  },
};

if (require.main === module) runStepDirectly(createRole);
