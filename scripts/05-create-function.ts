import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionEventInvokeConfigCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type FunctionConfiguration,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { need, type Context } from './lib/context';
import { sameDocument } from './lib/documents';
import { unlessNotFound } from './lib/errors';
import { buildFunctionCode, type FunctionCode } from './lib/function-code';
import { ARCHITECTURE, ASYNC_RETRY_ATTEMPTS, FUNCTION_LIMITS } from './lib/function-config';
import { functionEnvironment } from './lib/function-environment';
import { LAMBDA_HANDLER } from './lib/bundle';
import { destroyLogGroup, ensureLogGroup, findLogGroup, logGroupDrift } from './lib/log-group';
import { FUNCTION_KEYS, type FunctionKey } from './lib/names';
import { assertOurs, notOursNote } from './lib/ownership';
import { retryWhile } from './lib/retry';
import { runStepDirectly } from './lib/run-directly';
import { combineActions, type Action, type DeployedFunction, type DestroyResult, type ResourceState, type Step } from './lib/step';
import { arns } from './lib/arns';
import { carriesStackTag, stackTags } from './lib/tags';

// A role younger than this may not yet be assumable by Lambda (IAM is eventually consistent).
const ROLE_PROPAGATION_MS = 2 * 60 * 1000;

interface DesiredConfiguration {
  Runtime: Runtime;
  Role: string;
  Handler: string;
  Timeout: number;
  MemorySize: number;
  Environment: { Variables: Record<string, string> };
}

function desiredConfiguration(ctx: Context, key: FunctionKey, roleArn: string, topicArn: string): DesiredConfiguration {
  return {
    Runtime: ctx.settings.runtime as Runtime,
    Role: roleArn,
    Handler: LAMBDA_HANDLER,
    Timeout: FUNCTION_LIMITS[key].timeoutSeconds,
    MemorySize: FUNCTION_LIMITS[key].memoryMb,
    Environment: { Variables: functionEnvironment(key, { settings: ctx.settings, names: ctx.names, topicArn, site: ctx.site }) },
  };
}

function configurationDrift(actual: FunctionConfiguration, desired: DesiredConfiguration): string[] {
  const drift: string[] = [];
  for (const field of ['Runtime', 'Role', 'Handler', 'Timeout', 'MemorySize'] as const) {
    if (actual[field] !== desired[field]) drift.push(field.toLowerCase());
  }
  if (!sameDocument(actual.Environment?.Variables ?? {}, desired.Environment.Variables)) drift.push('environment');
  return drift;
}

async function waitUntilUpdated(ctx: Context, FunctionName: string): Promise<void> {
  await waitUntilFunctionUpdatedV2({ client: ctx.clients.lambda, maxWaitTime: ctx.waitSeconds, minDelay: 1, maxDelay: 5 }, { FunctionName });
}

async function ensureAsyncRetries(ctx: Context, FunctionName: string): Promise<boolean> {
  const current = await unlessNotFound(() => ctx.clients.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName })));
  if (current?.MaximumRetryAttempts === ASYNC_RETRY_ATTEMPTS) return false;
  await ctx.clients.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName, MaximumRetryAttempts: ASYNC_RETRY_ATTEMPTS }));
  return true;
}

async function createFunction(ctx: Context, key: FunctionKey, code: FunctionCode, desired: DesiredConfiguration): Promise<void> {
  const FunctionName = ctx.names.functions[key];
  const roleCreatedAt = Date.parse(need(ctx, 'create-role').roleCreatedAt[key]);
  await retryWhile(
    {
      // "The role defined for the function cannot be assumed by Lambda": a new role needs seconds to propagate.
      names: ['InvalidParameterValueException'],
      when: () => Date.now() - roleCreatedAt < ROLE_PROPAGATION_MS,
      giveUp: `Lambda could not assume the new role ${ctx.names.roles[key]} yet; run the command again in a minute`,
    },
    () =>
      ctx.clients.lambda.send(
        new CreateFunctionCommand({
          FunctionName,
          ...desired,
          Code: { ZipFile: code.zip },
          Architectures: [ARCHITECTURE],
          Description: `rekog-deploy ${ctx.settings.stack}: ${key}`,
          Tags: stackTags(ctx.settings.stack),
        }),
      ),
    ctx.retryPolicy,
  );
  await waitUntilFunctionActiveV2({ client: ctx.clients.lambda, maxWaitTime: ctx.waitSeconds, minDelay: 1, maxDelay: 5 }, { FunctionName });
}

async function ensureFunction(ctx: Context, key: FunctionKey, code: FunctionCode): Promise<{ action: Action; deployed: DeployedFunction; changes: string[] }> {
  const { lambda } = ctx.clients;
  const FunctionName = ctx.names.functions[key];
  const desired = desiredConfiguration(ctx, key, need(ctx, 'create-role').roleArns[key], need(ctx, 'create-sns').topicArn);
  const current = await unlessNotFound(() => lambda.send(new GetFunctionCommand({ FunctionName })));
  if (current?.Configuration) assertOurs('Lambda function', FunctionName, current.Tags, ctx.settings.stack);
  const logAction = await ensureLogGroup(ctx, ctx.names.logGroups[key]);
  const changes: string[] = [];
  let action: Action;
  if (!current?.Configuration) {
    await createFunction(ctx, key, code, desired);
    action = 'created';
  } else {
    // A run that stopped half-way may have left an update in progress; Lambda refuses another until it ends.
    if (current.Configuration.LastUpdateStatus === 'InProgress' || current.Configuration.State === 'Pending') await waitUntilUpdated(ctx, FunctionName);
    if (current.Configuration.CodeSha256 !== code.sha256) {
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: code.zip, Architectures: [ARCHITECTURE] }));
      await waitUntilUpdated(ctx, FunctionName);
      changes.push('code');
    }
    const drift = configurationDrift(current.Configuration, desired);
    if (drift.length) {
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName, ...desired }));
      await waitUntilUpdated(ctx, FunctionName);
      changes.push(...drift);
    }
    action = changes.length ? 'updated' : 'unchanged';
  }
  if (await ensureAsyncRetries(ctx, FunctionName)) changes.push('async retries');
  if (logAction !== 'unchanged') changes.push(`log group ${logAction}`);
  if (action === 'unchanged' && changes.length) action = 'updated';
  return { action, changes, deployed: { name: FunctionName, arn: arns.function(ctx.scope, FunctionName), codeSha256: code.sha256 } };
}

async function destroyFunction(ctx: Context, key: FunctionKey, result: Required<DestroyResult>): Promise<void> {
  const FunctionName = ctx.names.functions[key];
  const current = await unlessNotFound(() => ctx.clients.lambda.send(new GetFunctionCommand({ FunctionName })));
  if (current && !carriesStackTag(current.Tags, ctx.settings.stack)) {
    result.notOurs.push(notOursNote('Lambda function', FunctionName, ctx.settings.stack));
  } else if (current) {
    await unlessNotFound(() => ctx.clients.lambda.send(new DeleteFunctionCommand({ FunctionName })));
    result.deleted.push(FunctionName);
  }
  await destroyLogGroup(ctx, ctx.names.logGroups[key], result);
}

export const createFunctionStep: Step<'create-function'> = {
  name: 'create-function',
  description: 'the three Lambda functions (bundled with esbuild) and their log groups',
  dependsOn: ['create-role', 'create-bucket-with-cors', 'create-table', 'create-sns'],

  async ensure(ctx) {
    const results = await Promise.all(
      FUNCTION_KEYS.map(async (key) => {
        const code = await buildFunctionCode(ctx.paths, key, ctx.settings.runtime);
        return [key, await ensureFunction(ctx, key, code)] as const;
      }),
    );
    const functions = Object.fromEntries(results.map(([key, result]) => [key, result.deployed])) as Record<FunctionKey, DeployedFunction>;
    return {
      action: combineActions(results.map(([, result]) => result.action)),
      outputs: { functions },
      changes: results.flatMap(([key, result]) => result.changes.map((change) => `${key}: ${change}`)),
    };
  },

  async destroy(ctx) {
    const result: Required<DestroyResult> = { action: 'absent', notOurs: [], deleted: [] };
    for (const key of FUNCTION_KEYS) await destroyFunction(ctx, key, result);
    if (result.deleted.length) result.action = 'deleted';
    return result;
  },

  async inspect(ctx) {
    const resources: ResourceState[] = [];
    const functions = {} as Record<FunctionKey, DeployedFunction>;
    for (const key of FUNCTION_KEYS) {
      const FunctionName = ctx.names.functions[key];
      const current = await unlessNotFound(() => ctx.clients.lambda.send(new GetFunctionCommand({ FunctionName })));
      const group = await findLogGroup(ctx, ctx.names.logGroups[key]);
      const configuration = current?.Configuration;
      if (configuration) {
        functions[key] = { name: FunctionName, arn: configuration.FunctionArn ?? arns.function(ctx.scope, FunctionName), codeSha256: configuration.CodeSha256 ?? '' };
      }
      const roles = ctx.outputs['create-role'];
      const topic = ctx.outputs['create-sns'];
      const drift = configuration && roles && topic ? configurationDrift(configuration, desiredConfiguration(ctx, key, roles.roleArns[key], topic.topicArn)) : [];
      resources.push({ kind: 'Lambda function', name: FunctionName, state: !configuration ? 'missing' : drift.length ? 'drifted' : 'present', drift: drift.length ? drift : undefined });
      const groupDrift = logGroupDrift(ctx, group);
      resources.push({ kind: 'Log group', name: ctx.names.logGroups[key], state: !group ? 'missing' : groupDrift.length ? 'drifted' : 'present', drift: groupDrift.length ? groupDrift : undefined });
    }
    const complete = FUNCTION_KEYS.every((key) => functions[key]);
    return { resources, outputs: complete ? { functions } : undefined };
  },
};

if (require.main === module) runStepDirectly(createFunctionStep);
