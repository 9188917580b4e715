import { catalogued } from './step-catalogue';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetFunctionEventInvokeConfigCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  type GetFunctionCommandOutput,
  type PutFunctionEventInvokeConfigCommandInput,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitForFunctionActiveV2,
  waitForFunctionUpdatedV2,
  type FunctionConfiguration,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { functionRoles } from './01-create-role';
import { siteDistribution } from './02-create-distribution';
import { uploadBucket } from './03-create-bucket-with-cors';
import { resultsTable } from './04-create-table';
import { notificationTopic } from './05-create-sns';
import { failedUploadsQueue } from './06-create-queue';
import { runStepDirectly } from './commands/step';
import { buildFunctionCode, type FunctionCode } from './lib/build/function-code';
import { LAMBDA_HANDLER } from './lib/build/bundle';
import { arns } from './lib/builders/arns';
import { sameDocument } from './lib/builders/documents';
import { ARCHITECTURE, ASYNC_RETRY_ATTEMPTS, FUNCTION_LIMITS, MAXIMUM_EVENT_AGE_SECONDS } from './lib/builders/function-config';
import { functionEnvironment } from './lib/builders/function-environment';
import { FUNCTION_KEYS, perFunction, type FunctionKey } from './lib/builders/names';
import type { SiteAddress } from './lib/builders/site-address';
import { stackTags } from './lib/builders/tags';
import { waiterOptions, type Context } from './lib/engine/context';
import { earlyWork } from './lib/engine/early-work';
import { DeployError, isAwsError, unlessNotFound } from './lib/engine/errors';
import { assertOurs, Teardown } from './lib/engine/ownership';
import { applySettings, driftOf, type Setting } from './lib/engine/setting';
import { allSettled, combineActions, defineStep, resourceState, type Action, type ResourceState } from './lib/engine/step';
import { retryWhile, waitFor } from './lib/engine/waits';
import { destroyLogGroup, ensureLogGroup, findLogGroup, logGroupDrift, readLogGroup, type FoundLogGroup } from './lib/resources/log-group';

// A role created or changed this recently may not be assumable by Lambda yet: IAM is eventually
// consistent, usually for seconds, sometimes minutes (hashicorp/terraform-provider-aws#44517).
const ROLE_PROPAGATION_MS = 2 * 60 * 1000;

export interface DeployedFunction {
  name: string;
  arn: string;
  codeSha256: string;
}

export interface FunctionOutputs {
  functions: Record<FunctionKey, DeployedFunction>;
}

interface DesiredConfiguration {
  Runtime: Runtime;
  Role: string;
  Handler: string;
  Timeout: number;
  MemorySize: number;
  Environment: { Variables: Record<string, string> };
}

function desiredConfiguration(ctx: Context, key: FunctionKey, roleArn: string, topicArn: string, site: SiteAddress): DesiredConfiguration {
  return {
    Runtime: ctx.settings.runtime as Runtime,
    Role: roleArn,
    Handler: LAMBDA_HANDLER,
    Timeout: FUNCTION_LIMITS[key].timeoutSeconds,
    MemorySize: FUNCTION_LIMITS[key].memoryMb,
    Environment: { Variables: functionEnvironment(key, { settings: ctx.settings, names: ctx.names, topicArn, site }) },
  };
}

function configurationDrift(actual: FunctionConfiguration | undefined, desired: DesiredConfiguration): string[] {
  const drift: string[] = [];
  for (const field of ['Runtime', 'Role', 'Handler', 'Timeout', 'MemorySize'] as const) {
    if (actual?.[field] !== desired[field]) drift.push(field.toLowerCase());
  }
  if (!sameDocument(actual?.Environment?.Variables ?? {}, desired.Environment.Variables)) drift.push('environment');
  return drift;
}

/** Why a function is Failed, in Lambda's own words: its state or last update, with the reason code. */
export function failureOf(configuration: FunctionConfiguration | undefined): string | undefined {
  if (configuration?.State === 'Failed') return `state Failed (${configuration.StateReasonCode ?? 'no code'}: ${configuration.StateReason ?? 'no reason given'})`;
  if (configuration?.LastUpdateStatus === 'Failed') {
    return `last update Failed (${configuration.LastUpdateStatusReasonCode ?? 'no code'}: ${configuration.LastUpdateStatusReason ?? 'no reason given'})`;
  }
  return undefined;
}

function failedFunction(FunctionName: string, failure: string): DeployError {
  return new DeployError(
    'FUNCTION_FAILED',
    `Lambda function ${FunctionName} is in ${failure}. Fix the cause, then run \`rekog-deploy up\` again (if it stays Failed, \`rekog-deploy down\` first removes it).`,
  );
}

function explainFailure(FunctionName: string): (reason: unknown) => DeployError | undefined {
  return (reason) => {
    const failure = failureOf((reason as { Configuration?: FunctionConfiguration } | undefined)?.Configuration);
    return failure ? failedFunction(FunctionName, failure) : undefined;
  };
}

async function waitUntilUpdated(ctx: Context, FunctionName: string): Promise<void> {
  await waitFor(ctx, `Lambda to finish updating ${FunctionName}`, () => waitForFunctionUpdatedV2(waiterOptions(ctx, ctx.clients.lambda), { FunctionName }), explainFailure(FunctionName));
}

/** The role as Lambda sees it may lag behind IAM for a while after it was created or changed. */
function whileRoleIsNew<T>(ctx: Context, key: FunctionKey, roleChangedAt: string, action: () => Promise<T>): Promise<T> {
  const changedAgo = ctx.clock.now() - Date.parse(roleChangedAt);
  return retryWhile(
    ctx,
    {
      waitingFor: `IAM to make role ${ctx.names.roles[key]} assumable by Lambda`,
      // "The role defined for the function cannot be assumed by Lambda."
      names: ['InvalidParameterValueException'],
      when: () => changedAgo < ROLE_PROPAGATION_MS,
      withinMs: ROLE_PROPAGATION_MS,
      advice: `Check its trust policy (lambda.amazonaws.com may assume it), then run \`rekog-deploy up\` again.`,
    },
    action,
  );
}

/** Code, configuration and retries of a deployed function, in the order they are written. */
function functionSettings(
  ctx: Context,
  FunctionName: string,
  current: FunctionConfiguration,
  code: FunctionCode | undefined,
  desired: DesiredConfiguration | undefined,
  withRole: <T>(action: () => Promise<T>) => Promise<T> = (action) => action(),
): Setting[] {
  const { lambda } = ctx.clients;
  const settings: Setting[] = [];
  if (code) {
    settings.push({
      label: 'code',
      read: async () => current.CodeSha256,
      desired: code.sha256,
      write: async () => {
        await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: code.zip, Architectures: [ARCHITECTURE] }));
        await waitUntilUpdated(ctx, FunctionName);
      },
    });
  }
  if (desired) {
    settings.push({
      label: 'configuration',
      read: async () => current,
      desired,
      differences: (actual) => configurationDrift(actual as FunctionConfiguration | undefined, desired),
      write: async () => {
        await withRole(() => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName, ...desired })));
        await waitUntilUpdated(ctx, FunctionName);
      },
    });
  }
  return settings;
}

/**
 * How Lambda delivers S3's events to the analysis: two retries within a quarter of an hour, then
 * the event goes to the failed-uploads queue rather than being dropped.
 */
export function asyncDelivery(FunctionName: string, queueArn: string): PutFunctionEventInvokeConfigCommandInput {
  return {
    FunctionName,
    MaximumRetryAttempts: ASYNC_RETRY_ATTEMPTS,
    MaximumEventAgeInSeconds: MAXIMUM_EVENT_AGE_SECONDS,
    DestinationConfig: { OnFailure: { Destination: queueArn } },
  };
}

/** Lambda checks the function's role may send to the queue when the config is put: a new role's policy may not be visible yet. */
function asyncDeliverySetting(ctx: Context, FunctionName: string, queueArn: string, withRole: <T>(action: () => Promise<T>) => Promise<T>): Setting {
  const { FunctionName: _name, ...desired } = asyncDelivery(FunctionName, queueArn);
  return {
    label: 'async delivery',
    read: async () => ctx.clients.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName })),
    desired,
    write: () => withRole(() => ctx.clients.lambda.send(new PutFunctionEventInvokeConfigCommand(asyncDelivery(FunctionName, queueArn)))),
  };
}

function concurrencyUnavailable(FunctionName: string, reserved: number, cause: unknown): DeployError {
  return new DeployError(
    'AWS_ERROR',
    `Lambda would not reserve ${reserved} concurrent executions for ${FunctionName}: the account's unreserved concurrency would fall below its minimum (new accounts have 10 in all). Set REKOG_PROCESS_CONCURRENCY=0 to reserve none, or ask AWS for a higher Lambda concurrency quota.`,
    { cause },
  );
}

/**
 * Reserved concurrency caps the analysis, so a burst of uploads cannot take the account's Lambda
 * concurrency (or run up a bill faster than the daily quota allows); 0 reserves none.
 */
function reservedConcurrencySetting(ctx: Context, FunctionName: string, current: GetFunctionCommandOutput | undefined): Setting {
  const reserved = ctx.settings.processConcurrency;
  const { lambda } = ctx.clients;
  return {
    label: 'reserved concurrency',
    read: async () => current?.Concurrency?.ReservedConcurrentExecutions,
    desired: reserved || undefined,
    differences: (actual) => ((actual ?? 0) === reserved ? [] : ['reserved concurrency']),
    write: async () => {
      if (!reserved) return lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName }));
      try {
        return await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName, ReservedConcurrentExecutions: reserved }));
      } catch (error) {
        if (isAwsError(error, 'InvalidParameterValueException')) throw concurrencyUnavailable(FunctionName, reserved, error);
        throw error;
      }
    },
  };
}

async function createFunction(ctx: Context, key: FunctionKey, code: FunctionCode, desired: DesiredConfiguration, roleChangedAt: string): Promise<void> {
  const FunctionName = ctx.names.functions[key];
  await whileRoleIsNew(ctx, key, roleChangedAt, () =>
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
  );
  await waitFor(ctx, `Lambda to make ${FunctionName} active`, () => waitForFunctionActiveV2(waiterOptions(ctx, ctx.clients.lambda), { FunctionName }), explainFailure(FunctionName));
}

interface FunctionInputs {
  roleArn: string;
  roleChangedAt: string;
  topicArn: string;
  queueArn: string;
  site: SiteAddress;
}

/** A handler's code (built, or reused from dist/), the function as Lambda has it and its log group, if they exist. */
interface FunctionStart {
  code: FunctionCode;
  current: GetFunctionCommandOutput | undefined;
  logGroup: FoundLogGroup;
}

/** Only this step writes the functions and their log groups, so they are read while the roles, bucket and table are being made. */
const functionStarts = earlyWork((ctx) =>
  allSettled(
    FUNCTION_KEYS.map(async (key): Promise<FunctionStart> => {
      const [code, current, logGroup] = await Promise.all([
        buildFunctionCode(ctx.paths, key),
        unlessNotFound(() => ctx.clients.lambda.send(new GetFunctionCommand({ FunctionName: ctx.names.functions[key] }))),
        readLogGroup(ctx, ctx.names.logGroups[key]),
      ]);
      return { code, current, logGroup };
    }),
  ),
);

async function ensureFunction(ctx: Context, key: FunctionKey, { code, current, logGroup }: FunctionStart, inputs: FunctionInputs): Promise<{ action: Action; deployed: DeployedFunction; changes: string[] }> {
  const FunctionName = ctx.names.functions[key];
  const desired = desiredConfiguration(ctx, key, inputs.roleArn, inputs.topicArn, inputs.site);
  if (current?.Configuration) assertOurs('Lambda function', FunctionName, current.Tags, ctx.settings.stack);
  const failure = failureOf(current?.Configuration);
  if (failure) throw failedFunction(FunctionName, failure);
  const logAction = await ensureLogGroup(ctx, ctx.names.logGroups[key], logGroup);
  const changes: string[] = [];
  if (!current?.Configuration) {
    await createFunction(ctx, key, code, desired, inputs.roleChangedAt);
  } else {
    // A run that stopped half-way may have left an update in progress; Lambda refuses another until it ends.
    if (current.Configuration.LastUpdateStatus === 'InProgress' || current.Configuration.State === 'Pending') await waitUntilUpdated(ctx, FunctionName);
    const withRole = <T>(action: () => Promise<T>) => whileRoleIsNew(ctx, key, inputs.roleChangedAt, action);
    changes.push(...(await applySettings(functionSettings(ctx, FunctionName, current.Configuration, code, desired, withRole))));
  }
  // S3 invokes the analysis asynchronously; the API's functions are called synchronously, so retries and reservations are the analysis's alone.
  if (key === 'process-image-upload') {
    const withRole = <T>(action: () => Promise<T>) => whileRoleIsNew(ctx, key, inputs.roleChangedAt, action);
    changes.push(...(await applySettings([asyncDeliverySetting(ctx, FunctionName, inputs.queueArn, withRole), reservedConcurrencySetting(ctx, FunctionName, current)])));
  }
  if (logAction !== 'unchanged') changes.push(`log group ${logAction}`);
  const action: Action = !current?.Configuration ? 'created' : changes.length ? 'updated' : 'unchanged';
  return { action, changes, deployed: { name: FunctionName, arn: arns.function(ctx.scope, FunctionName), codeSha256: code.sha256 } };
}

async function destroyFunction(ctx: Context, key: FunctionKey, teardown: Teardown): Promise<void> {
  const FunctionName = ctx.names.functions[key];
  const current = await unlessNotFound(() => ctx.clients.lambda.send(new GetFunctionCommand({ FunctionName })));
  if (current && teardown.ours('Lambda function', FunctionName, current.Tags)) {
    await unlessNotFound(() => ctx.clients.lambda.send(new DeleteFunctionCommand({ FunctionName })));
    teardown.removed('Lambda function', FunctionName);
  }
  await destroyLogGroup(ctx, ctx.names.logGroups[key], teardown);
}

export const lambdaFunctions = defineStep({
  ...catalogued('create-function'),
  dependsOn: [functionRoles, siteDistribution, uploadBucket, resultsTable, notificationTopic, failedUploadsQueue],

  prepare(ctx) {
    functionStarts.start(ctx);
  },

  async ensure(ctx, inputs) {
    const roles = inputs['create-role'];
    const { topicArn } = inputs['create-sns'];
    const { queueArn } = inputs['create-queue'];
    const { siteUrl, siteOrigin } = inputs['create-distribution'];
    const starts = await functionStarts.take(ctx);
    const results = await allSettled(
      FUNCTION_KEYS.map((key, index) =>
        ensureFunction(ctx, key, starts[index], { roleArn: roles.roleArns[key], roleChangedAt: roles.roleChangedAt[key], topicArn, queueArn, site: { url: siteUrl, origin: siteOrigin } }),
      ),
    );
    return {
      action: combineActions(results.map((result) => result.action)),
      outputs: { functions: perFunction((key) => results[FUNCTION_KEYS.indexOf(key)].deployed) },
      changes: FUNCTION_KEYS.flatMap((key, index) => results[index].changes.map((change) => `${key}: ${change}`)),
    };
  },

  async destroy(ctx) {
    const teardown = new Teardown(ctx);
    for (const key of FUNCTION_KEYS) await destroyFunction(ctx, key, teardown);
    return teardown.result();
  },

  async inspect(ctx, inputs) {
    const resources: ResourceState[] = [];
    const functions: Partial<Record<FunctionKey, DeployedFunction>> = {};
    for (const key of FUNCTION_KEYS) {
      const FunctionName = ctx.names.functions[key];
      const current = await unlessNotFound(() => ctx.clients.lambda.send(new GetFunctionCommand({ FunctionName })));
      const group = await findLogGroup(ctx, ctx.names.logGroups[key]);
      const configuration = current?.Configuration;
      if (configuration) {
        functions[key] = { name: FunctionName, arn: configuration.FunctionArn ?? arns.function(ctx.scope, FunctionName), codeSha256: configuration.CodeSha256 ?? '' };
      }
      const roles = inputs['create-role'];
      const topic = inputs['create-sns'];
      const distribution = inputs['create-distribution'];
      const desired =
        roles && topic && distribution
          ? desiredConfiguration(ctx, key, roles.roleArns[key], topic.topicArn, { url: distribution.siteUrl, origin: distribution.siteOrigin })
          : undefined;
      const failure = failureOf(configuration);
      const drift = configuration ? [...(failure ? [failure] : []), ...(await driftOf(functionSettings(ctx, FunctionName, configuration, undefined, desired)))] : [];
      resources.push(resourceState('Lambda function', FunctionName, Boolean(configuration), drift));
      resources.push(resourceState('Log group', ctx.names.logGroups[key], Boolean(group), group ? await logGroupDrift(ctx, ctx.names.logGroups[key], group) : []));
    }
    const complete = FUNCTION_KEYS.every((key) => functions[key]);
    return { resources, outputs: complete ? { functions: functions as Record<FunctionKey, DeployedFunction> } : undefined };
  },
});

if (require.main === module) void runStepDirectly(lambdaFunctions);
