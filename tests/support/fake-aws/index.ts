import type { AwsCall, CallHook, ServiceName } from '../../../scripts/lib/engine/clients';
import type { Clock } from '../../../scripts/lib/engine/clock';
import { apiGatewayOperations, apiGatewayResources, apiGatewaySnapshot, createApiGatewayState } from './apigateway';
import { cloudFrontOperations, cloudFrontResources, cloudFrontSnapshot, createCloudFrontState } from './cloudfront';
import { cloudWatchOperations, cloudWatchResources, cloudWatchSnapshot, createCloudWatchState } from './cloudwatch';
import { IdRegistry, type FakeAwsOptions, type FakeContext, type FakeState, type Operations } from './context';
import { createDynamoDbState, dynamoDbOperations, dynamoDbResources, dynamoDbSnapshot } from './dynamodb';
import { UnimplementedOperationError } from './errors';
import { createIamState, iamOperations, iamResources, iamSnapshot } from './iam';
import { createLambdaState, lambdaOperations, lambdaResources, lambdaSnapshot } from './lambda';
import { createLogsState, logsOperations, logsResources, logsSnapshot } from './logs';
import { createS3State, s3Operations, s3Resources, s3Snapshot } from './s3';
import { createSeeds, type Seeds } from './seeds';
import { createSnsState, snsOperations, snsResources, snsSnapshot } from './sns';
import { createSqsState, sqsOperations, sqsResources, sqsSnapshot } from './sqs';
import { stsOperations } from './sts';
import { SimulatedClock } from '../clock';
import { NO_DELAYS } from './realities';

export { UnimplementedOperationError } from './errors';
export { callCounter, faultInjector, isReadOperation, type CallCounter, type FaultInjector, type FaultInjectorOptions } from './hooks';
export type { FakeAwsOptions, FakeState } from './context';
export { AWS_REALITIES, NO_DELAYS, type Realities } from './realities';
export type { Seeds, SeedOptions } from './seeds';

export interface FakeAws {
  /** Answers every call itself; put it last in the hook list. */
  hook: CallHook;
  /** The fake's time; give it to the engine's context so that both see the same minutes pass. */
  clock: Clock;
  accountId: string;
  region: string;
  state: FakeState;
  /** Every call the fake received, in order, including those that failed. */
  calls: AwsCall[];
  /**
   * All state as sorted JSON, for comparing two deployments: dates, revision ids and S3 version
   * ids are left out, and generated ids (API ids, role ids, subscription ids) are replaced by
   * placeholders named after what they identify, wherever they appear (also inside ARNs,
   * policies and object contents).
   */
  snapshot(): Record<string, unknown>;
  /** The top-level resources (roles, own buckets, tables, topics, functions, log groups, APIs, alarms), as `service:kind:name`. */
  resources(): string[];
  resourceCount(): number;
  seed: Seeds;
}

/** Drops keys whose value is undefined, as the SDK's deserialisers never produce them. */
function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== undefined)
        .map(([key, inner]) => [key, compact(inner)]),
    ) as T;
  }
  return value;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * A stateful in-memory AWS control plane for whole runs of the engine, no network needed:
 * `createClients({ region, hooks: [counter.hook, fault.hook, fake.hook] })`, the fake last.
 */
export function createFakeAws(options: FakeAwsOptions = {}): FakeAws {
  const state: FakeState = {
    iam: createIamState(),
    s3: createS3State(),
    dynamodb: createDynamoDbState(),
    sns: createSnsState(),
    lambda: createLambdaState(),
    logs: createLogsState(),
    apigateway: createApiGatewayState(),
    cloudwatch: createCloudWatchState(),
    cloudfront: createCloudFrontState(),
    sqs: createSqsState(),
  };
  const clock = options.clock ?? new SimulatedClock();
  const realities = { ...NO_DELAYS, ...options.realities };
  const ctx: FakeContext = {
    accountId: options.accountId ?? '123456789012',
    region: options.region ?? 'us-east-1',
    now: () => new Date(clock.now()),
    realities,
    ids: new IdRegistry(),
    state,
    options,
  };
  const operations: Record<ServiceName, Operations> = {
    sts: stsOperations(ctx),
    iam: iamOperations(ctx),
    s3: s3Operations(ctx),
    dynamodb: dynamoDbOperations(ctx),
    sns: snsOperations(ctx),
    lambda: lambdaOperations(ctx),
    logs: logsOperations(ctx),
    apigateway: apiGatewayOperations(ctx),
    cloudwatch: cloudWatchOperations(ctx),
    cloudfront: cloudFrontOperations(ctx),
    sqs: sqsOperations(ctx),
  };

  async function invoke(service: ServiceName, operation: string, input: Record<string, unknown>): Promise<unknown> {
    const handler = operations[service]?.[operation] as ((input: unknown) => unknown) | undefined;
    if (!handler) throw new UnimplementedOperationError(`${service}:${operation}`);
    return compact(await handler(input));
  }

  const calls: AwsCall[] = [];
  const stillChanging = (output: { Distribution?: { Status?: string }; Table?: { TableStatus?: string } }) =>
    output.Distribution?.Status === 'InProgress' || output.Table?.TableStatus === 'CREATING' || output.Table?.TableStatus === 'DELETING';
  // Resolves to what the SDK's initialize step expects from the handlers below it: send() returns `.output`.
  const hook: CallHook = async (call) => {
    calls.push(call);
    if (realities.callLatencyMs) await clock.sleep(realities.callLatencyMs);
    const output = (await invoke(call.service, call.operation, call.input)) as Record<string, unknown>;
    if (realities.pollIntervalMs && stillChanging(output)) await clock.sleep(realities.pollIntervalMs);
    return {
      output: { ...output, $metadata: { httpStatusCode: 200, requestId: 'fake-aws', attempts: 1, totalRetryDelay: 0 } },
      response: { statusCode: 200, headers: {} },
    };
  };

  const resources = () =>
    [
      iamResources(state.iam),
      s3Resources(state.s3),
      dynamoDbResources(state.dynamodb),
      snsResources(state.sns),
      lambdaResources(state.lambda),
      logsResources(state.logs),
      apiGatewayResources(state.apigateway),
      cloudWatchResources(state.cloudwatch),
      cloudFrontResources(state.cloudfront),
      sqsResources(state.sqs),
    ]
      .flat()
      .sort();

  return {
    hook,
    clock,
    accountId: ctx.accountId,
    region: ctx.region,
    state,
    calls,
    snapshot: () => {
      const raw = {
        iam: iamSnapshot(state.iam),
        s3: s3Snapshot(state.s3),
        dynamodb: dynamoDbSnapshot(state.dynamodb),
        sns: snsSnapshot(state.sns),
        lambda: lambdaSnapshot(state.lambda),
        logs: logsSnapshot(state.logs),
        apigateway: apiGatewaySnapshot(state.apigateway),
        cloudwatch: cloudWatchSnapshot(state.cloudwatch),
        cloudfront: cloudFrontSnapshot(state.cloudfront),
        sqs: sqsSnapshot(state.sqs),
      };
      return sortKeys(JSON.parse(ctx.ids.normalise(JSON.stringify(raw)))) as Record<string, unknown>;
    },
    resources,
    resourceCount: () => resources().length,
    seed: createSeeds(ctx, invoke),
  };
}
