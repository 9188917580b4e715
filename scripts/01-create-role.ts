import { catalogued } from './step-catalogue';
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
import { runStepDirectly } from './commands/step';
import { parsePolicyDocument } from './lib/builders/documents';
import { FUNCTION_KEYS, perFunction, type FunctionKey } from './lib/builders/names';
import { functionPolicy, lambdaTrustPolicy } from './lib/builders/policies';
import { carriesStackTag, stackTags, tagList, tagMapFromList } from './lib/builders/tags';
import type { Context } from './lib/engine/context';
import { unlessNotFound } from './lib/engine/errors';
import { assertOurs, Teardown } from './lib/engine/ownership';
import { applySettings, driftOf, type Setting } from './lib/engine/setting';
import { allSettled, combineActions, defineStep, resourceState, type Action } from './lib/engine/step';

const KIND = 'IAM role';

export interface RoleOutputs {
  roleArns: Record<FunctionKey, string>;
  /** When each role was created, or changed by this run: Lambda may not see it as it is for a while. */
  roleChangedAt: Record<FunctionKey, string>;
}

async function readRole(ctx: Context, key: FunctionKey): Promise<Role | undefined> {
  return (await unlessNotFound(() => ctx.clients.iam.send(new GetRoleCommand({ RoleName: ctx.names.roles[key] }))))?.Role;
}

/** The trust policy (read from the role) and the inline policy; the latter only on a role of ours. */
function roleSettings(ctx: Context, key: FunctionKey, role: Role): Setting[] {
  const { iam } = ctx.clients;
  const RoleName = ctx.names.roles[key];
  const trust = lambdaTrustPolicy();
  const permissions = functionPolicy(key, ctx.names, ctx.scope);
  const settings: Setting[] = [
    {
      label: 'trust policy',
      read: async () => parsePolicyDocument(role.AssumeRolePolicyDocument),
      desired: trust,
      write: () => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(trust) })),
    },
  ];
  if (!carriesStackTag(tagMapFromList(role.Tags), ctx.settings.stack)) return settings;
  return [
    ...settings,
    {
      label: 'permissions',
      read: async () => parsePolicyDocument((await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName: ctx.names.rolePolicy }))).PolicyDocument),
      desired: permissions,
      write: () => iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: ctx.names.rolePolicy, PolicyDocument: JSON.stringify(permissions) })),
    },
  ];
}

async function ensureRole(ctx: Context, key: FunctionKey): Promise<{ action: Action; role: Role; changes: string[] }> {
  const { iam } = ctx.clients;
  const RoleName = ctx.names.roles[key];
  const existing = await readRole(ctx, key);
  if (!existing) {
    const { Role: role } = await iam.send(
      new CreateRoleCommand({
        RoleName,
        AssumeRolePolicyDocument: JSON.stringify(lambdaTrustPolicy()),
        Description: `rekog-deploy ${ctx.settings.stack}: runs ${ctx.names.functions[key]}`,
        Tags: tagList(stackTags(ctx.settings.stack)),
      }),
    );
    const policy = JSON.stringify(functionPolicy(key, ctx.names, ctx.scope));
    await iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: ctx.names.rolePolicy, PolicyDocument: policy }));
    return { action: 'created', role: role as Role, changes: [] };
  }
  assertOurs(KIND, RoleName, tagMapFromList(existing.Tags), ctx.settings.stack);
  const changes = await applySettings(roleSettings(ctx, key, existing));
  return { action: changes.length ? 'updated' : 'unchanged', role: existing, changes };
}

async function destroyRole(ctx: Context, key: FunctionKey, teardown: Teardown): Promise<void> {
  const { iam } = ctx.clients;
  const RoleName = ctx.names.roles[key];
  const role = await readRole(ctx, key);
  if (!role || !teardown.ours(KIND, RoleName, tagMapFromList(role.Tags))) return;
  const inline = await iam.send(new ListRolePoliciesCommand({ RoleName }));
  for (const PolicyName of inline.PolicyNames ?? []) {
    await unlessNotFound(() => iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })));
  }
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName }));
  for (const { PolicyArn } of attached.AttachedPolicies ?? []) {
    await unlessNotFound(() => iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn })));
  }
  await unlessNotFound(() => iam.send(new DeleteRoleCommand({ RoleName })));
  teardown.removed(KIND, RoleName);
}

function outputsOf(roles: Record<FunctionKey, Role | undefined>, changedAt: Partial<Record<FunctionKey, number>>): RoleOutputs {
  return {
    roleArns: perFunction((key) => roles[key]?.Arn ?? ''),
    roleChangedAt: perFunction((key) => new Date(changedAt[key] ?? roles[key]?.CreateDate ?? 0).toISOString()),
  };
}

export const functionRoles = defineStep({
  ...catalogued('create-role'),
  dependsOn: [],

  async ensure(ctx) {
    const results = await allSettled(FUNCTION_KEYS.map((key) => ensureRole(ctx, key)));
    const roles = perFunction((key) => results[FUNCTION_KEYS.indexOf(key)].role);
    return {
      action: combineActions(results.map((result) => result.action)),
      outputs: outputsOf(roles, Object.fromEntries(FUNCTION_KEYS.filter((_, index) => results[index].action !== 'unchanged').map((key) => [key, ctx.clock.now()]))),
      changes: FUNCTION_KEYS.flatMap((key, index) => results[index].changes.map((change) => `${key}: ${change}`)),
    };
  },

  async destroy(ctx) {
    const teardown = new Teardown(ctx);
    for (const key of FUNCTION_KEYS) await destroyRole(ctx, key, teardown);
    return teardown.result();
  },

  async inspect(ctx) {
    const roles = await Promise.all(FUNCTION_KEYS.map((key) => readRole(ctx, key)));
    const drifts = await Promise.all(FUNCTION_KEYS.map(async (key, index) => (roles[index] ? driftOf(roleSettings(ctx, key, roles[index])) : [])));
    const resources = FUNCTION_KEYS.map((key, index) => resourceState(KIND, ctx.names.roles[key], Boolean(roles[index]), drifts[index]));
    const complete = roles.every(Boolean);
    return { resources, outputs: complete ? outputsOf(perFunction((key) => roles[FUNCTION_KEYS.indexOf(key)]), {}) : undefined };
  },
});

if (require.main === module) void runStepDirectly(functionRoles);
