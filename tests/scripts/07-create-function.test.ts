import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionEventInvokeConfigCommand,
  InvalidParameterValueException,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type GetFunctionCommandOutput,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asyncDelivery, lambdaFunctions } from '../../scripts/07-create-function';
import { projectPaths } from '../../scripts/lib/engine/context';
import { DeployError } from '../../scripts/lib/engine/errors';
import { buildFunctionCode, type FunctionCode } from '../../scripts/lib/build/function-code';
import { FUNCTION_LIMITS } from '../../scripts/lib/builders/function-config';
import { functionEnvironment } from '../../scripts/lib/builders/function-environment';
import { FUNCTION_KEYS, type FunctionKey } from '../../scripts/lib/builders/names';
import { awsError, writeCommands } from '../support/aws-errors';
import { TEST_DISTRIBUTION, TEST_SITE, testContext } from '../support/context';

type FunctionCodeModule = typeof import('../../scripts/lib/build/function-code');

// Bundling takes ~80 ms a function and every ensure bundles all three, so each function is built
// once per file (for the expected hashes and for the step alike). That two builds give the same
// bytes is tested in tests/scripts/lib/code.test.ts.
jest.mock('../../scripts/lib/build/function-code', () => {
  const actual = jest.requireActual<FunctionCodeModule>('../../scripts/lib/build/function-code');
  const built = new Map<string, Promise<FunctionCode>>();
  return {
    ...actual,
    buildFunctionCode: (...args: Parameters<FunctionCodeModule['buildFunctionCode']>) => {
      if (!built.has(args[1])) built.set(args[1], actual.buildFunctionCode(...args));
      return built.get(args[1]);
    },
  };
});

const ACCOUNT = '123456789012';
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:rekog-notifications`;
const QUEUE_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:rekog-failed-uploads`;
const roleArn = (key: FunctionKey) => `arn:aws:iam::${ACCOUNT}:role/rekog-${key}-role`;
const functionArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const keyOf = (functionName: string) => functionName.replace(/^rekog-/, '') as FunctionKey;
const perKey = <T>(make: (key: FunctionKey) => T) => Object.fromEntries(FUNCTION_KEYS.map((key) => [key, make(key)])) as Record<FunctionKey, T>;

describe('07 create-function', () => {
  const ctx = testContext();
  const inputs = {} as Parameters<typeof lambdaFunctions.ensure>[1];
  // The step writes each bundle to dist/; keep that out of the working tree.
  const dist = mkdtempSync(path.join(tmpdir(), 'rekog-05-'));
  ctx.paths = { ...projectPaths(), dist };
  const lambda = mockClient(ctx.clients.lambda);
  const logs = mockClient(ctx.clients.logs);
  let code: Record<FunctionKey, FunctionCode>;
  /** What Lambda holds, by function name: GetFunction answers from it, CreateFunction adds to it. */
  let deployed: Map<string, GetFunctionCommandOutput>;

  beforeAll(async () => {
    const built = await Promise.all(FUNCTION_KEYS.map((key) => buildFunctionCode(ctx.paths, key)));
    code = perKey((key) => built[FUNCTION_KEYS.indexOf(key)]);
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  /** The roles as create-role hands them on, created or changed `ago` milliseconds before the run's clock. */
  function rolesChanged(ago: number) {
    inputs['create-role'] = { roleArns: perKey(roleArn), roleChangedAt: perKey(() => new Date(ctx.clock.now() - ago).toISOString()) };
  }

  /** The configuration `up` gives a function, as GetFunction reports it once the function is ready. */
  function matchingConfiguration(key: FunctionKey): FunctionConfiguration {
    const name = ctx.names.functions[key];
    return {
      FunctionName: name,
      FunctionArn: functionArn(name),
      Runtime: ctx.settings.runtime as Runtime,
      Role: roleArn(key),
      Handler: 'index.handler',
      Timeout: FUNCTION_LIMITS[key].timeoutSeconds,
      MemorySize: FUNCTION_LIMITS[key].memoryMb,
      Environment: { Variables: functionEnvironment(key, { settings: ctx.settings, names: ctx.names, topicArn: TOPIC_ARN, site: TEST_SITE }) },
      CodeSha256: code[key].sha256,
      State: 'Active',
      LastUpdateStatus: 'Successful',
    };
  }

  /** The analysis's reserved concurrency, as GetFunction reports it beside the configuration. */
  const reserved = (key: FunctionKey) => (key === 'process-image-upload' ? { ReservedConcurrentExecutions: ctx.settings.processConcurrency } : undefined);

  function deploy(key: FunctionKey, change: Partial<FunctionConfiguration> = {}, tags: Record<string, string> = { 'rekog-deploy:stack': 'rekog' }) {
    deployed.set(ctx.names.functions[key], { Configuration: { ...matchingConfiguration(key), ...change }, Tags: tags, Concurrency: reserved(key), $metadata: {} });
  }

  /** How S3's events reach the analysis, as GetFunctionEventInvokeConfig reports it once set. */
  const { FunctionName: _name, ...delivered } = asyncDelivery('rekog-process-image-upload', QUEUE_ARN);

  function callOrder(): string[] {
    return lambda.calls().map((call) => {
      const command = call.args[0] as { constructor: { name: string }; input: { FunctionName?: string } };
      return `${command.constructor.name.replace(/Command$/, '')} ${command.input.FunctionName}`;
    });
  }

  beforeEach(() => {
    lambda.reset();
    logs.reset();
    deployed = new Map();
    rolesChanged(60 * 60 * 1000);
    inputs['create-sns'] = { topicArn: TOPIC_ARN };
    inputs['create-queue'] = { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/rekog-failed-uploads', queueArn: QUEUE_ARN };
    inputs['create-distribution'] = TEST_DISTRIBUTION;
    lambda.on(GetFunctionCommand).callsFake(async ({ FunctionName }) => {
      const found = deployed.get(FunctionName);
      if (!found) throw awsError(ResourceNotFoundException, 404);
      return found;
    });
    lambda.on(CreateFunctionCommand).callsFake(async (input) => {
      deployed.set(input.FunctionName, { Configuration: { ...matchingConfiguration(keyOf(input.FunctionName)) }, Tags: input.Tags, $metadata: {} });
      return { FunctionName: input.FunctionName, State: 'Pending' };
    });
    lambda.on(GetFunctionEventInvokeConfigCommand).resolves(delivered);
    logs.on(DescribeLogGroupsCommand).callsFake(async ({ logGroupNamePrefix }) => ({
      logGroups: [{ logGroupName: logGroupNamePrefix, retentionInDays: ctx.settings.logRetentionDays, arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${logGroupNamePrefix}:*` }],
    }));
    logs.on(ListTagsForResourceCommand).resolves({ tags: { 'rekog-deploy:stack': 'rekog' } });
  });

  describe('ensure', () => {
    test('missing functions are created with the stack tag, their role, the built zip; log groups and async retries set', async () => {
      logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
      lambda.on(GetFunctionEventInvokeConfigCommand).rejects(awsError(ResourceNotFoundException, 404));

      const result = await lambdaFunctions.ensure(ctx, inputs);

      expect(result.action).toBe('created');
      const created = lambda.commandCalls(CreateFunctionCommand).map((call) => call.args[0].input);
      expect(created.map((input) => input.FunctionName).sort()).toEqual(['rekog-detect-labels', 'rekog-generate-upload-url', 'rekog-process-image-upload']);
      const analysis = created.find((input) => input.FunctionName === 'rekog-process-image-upload');
      expect(analysis).toMatchObject({
        Role: roleArn('process-image-upload'),
        Runtime: ctx.settings.runtime,
        Handler: 'index.handler',
        Timeout: 60,
        Architectures: ['arm64'],
        Tags: { 'rekog-deploy:stack': 'rekog' },
        Environment: { Variables: expect.objectContaining({ TOPIC_ARN, TABLE_NAME: 'rekog-results' }) },
      });
      expect(Buffer.from(analysis?.Code?.ZipFile ?? []).equals(code['process-image-upload'].zip)).toBe(true);
      // waitUntilFunctionActiveV2 polls GetFunction after each create.
      for (const key of FUNCTION_KEYS) {
        const order = callOrder();
        expect(order.indexOf(`GetFunction rekog-${key}`, order.indexOf(`CreateFunction rekog-${key}`))).toBeGreaterThan(-1);
      }
      expect(logs.commandCalls(CreateLogGroupCommand).map((call) => call.args[0].input)).toContainEqual({
        logGroupName: '/aws/lambda/rekog-detect-labels',
        tags: { 'rekog-deploy:stack': 'rekog' },
      });
      expect(logs.commandCalls(PutRetentionPolicyCommand)[0].args[0].input.retentionInDays).toBe(ctx.settings.logRetentionDays);
      // Only the analysis is invoked asynchronously (by S3): two retries in 15 minutes, then the failed-uploads queue.
      expect(lambda.commandCalls(PutFunctionEventInvokeConfigCommand).map((call) => call.args[0].input)).toEqual([
        { FunctionName: 'rekog-process-image-upload', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900, DestinationConfig: { OnFailure: { Destination: QUEUE_ARN } } },
      ]);
      expect(lambda.commandCalls(PutFunctionConcurrencyCommand).map((call) => call.args[0].input)).toEqual([{ FunctionName: 'rekog-process-image-upload', ReservedConcurrentExecutions: 5 }]);
      expect(result.outputs.functions['detect-labels']).toEqual({
        name: 'rekog-detect-labels',
        arn: functionArn('rekog-detect-labels'),
        codeSha256: code['detect-labels'].sha256,
      });
    });

    test('second up makes no write calls: same code hash, same configuration', async () => {
      for (const key of FUNCTION_KEYS) deploy(key);
      const result = await lambdaFunctions.ensure(ctx, inputs);
      expect(result.action).toBe('unchanged');
      expect(result.changes).toEqual([]);
      expect(writeCommands(lambda, logs)).toEqual([]);
    });

    test('changed code is uploaded (and waited for); the configuration is left alone', async () => {
      for (const key of FUNCTION_KEYS) deploy(key, { CodeSha256: 'c29tZXRoaW5nIGVsc2U=' });
      const result = await lambdaFunctions.ensure(ctx, inputs);

      expect(result.action).toBe('updated');
      expect(writeCommands(lambda, logs)).toEqual(['UpdateFunctionCodeCommand', 'UpdateFunctionCodeCommand', 'UpdateFunctionCodeCommand']);
      const update = lambda.commandCalls(UpdateFunctionCodeCommand).find((call) => call.args[0].input.FunctionName === 'rekog-generate-upload-url');
      expect(Buffer.from(update?.args[0].input.ZipFile ?? []).equals(code['generate-upload-url'].zip)).toBe(true);
      expect(update?.args[0].input.Architectures).toEqual(['arm64']);
      // waitUntilFunctionUpdatedV2 polls GetFunction until LastUpdateStatus is Successful.
      for (const key of FUNCTION_KEYS) {
        const order = callOrder();
        expect(order.indexOf(`GetFunction rekog-${key}`, order.indexOf(`UpdateFunctionCode rekog-${key}`))).toBeGreaterThan(-1);
      }
      expect(result.changes).toEqual(expect.arrayContaining(['detect-labels: code']));
    });

    test('only the configuration differs: UpdateFunctionConfiguration alone, with the whole desired configuration', async () => {
      for (const key of FUNCTION_KEYS) deploy(key);
      deploy('process-image-upload', { Timeout: 3, Environment: { Variables: { TABLE_NAME: 'old' } } });

      const result = await lambdaFunctions.ensure(ctx, inputs);

      expect(result.action).toBe('updated');
      expect(writeCommands(lambda, logs)).toEqual(['UpdateFunctionConfigurationCommand']);
      const { FunctionArn, CodeSha256, State, LastUpdateStatus, FunctionName, ...desired } = matchingConfiguration('process-image-upload');
      expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)[0].args[0].input).toEqual({ FunctionName, ...desired });
      expect(result.changes).toEqual(['process-image-upload: timeout', 'process-image-upload: environment']);
    });

    test('a role changed a moment ago: UpdateFunctionConfiguration naming it is retried until Lambda can assume it', async () => {
      for (const key of FUNCTION_KEYS) deploy(key);
      deploy('detect-labels', { Role: 'arn:aws:iam::123456789012:role/old' });
      rolesChanged(0);
      lambda.on(UpdateFunctionConfigurationCommand).rejectsOnce(awsError(InvalidParameterValueException, 400)).resolves({});
      const result = await lambdaFunctions.ensure(ctx, inputs);
      expect(result.changes).toEqual(['detect-labels: role']);
      expect(lambda.commandCalls(UpdateFunctionConfigurationCommand)).toHaveLength(2);
    });

    test('a drifted log retention is the only thing written back', async () => {
      for (const key of FUNCTION_KEYS) deploy(key);
      logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/lambda/rekog-detect-labels' }).resolves({
        logGroups: [{ logGroupName: '/aws/lambda/rekog-detect-labels', retentionInDays: 1 }],
      });
      const result = await lambdaFunctions.ensure(ctx, inputs);
      expect(result.action).toBe('updated');
      expect(writeCommands(lambda, logs)).toEqual(['PutRetentionPolicyCommand']);
      expect(logs.commandCalls(PutRetentionPolicyCommand)[0].args[0].input).toEqual({
        logGroupName: '/aws/lambda/rekog-detect-labels',
        retentionInDays: ctx.settings.logRetentionDays,
      });
    });

    test('a same-named function without the stack tag is refused with NOT_OURS, and nothing is written', async () => {
      for (const key of FUNCTION_KEYS) deploy(key);
      deploy('detect-labels', { CodeSha256: 'c29tZXRoaW5nIGVsc2U=' }, {});
      const error = await lambdaFunctions.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeployError);
      expect(error).toMatchObject({ code: 'NOT_OURS', message: expect.stringContaining('rekog-detect-labels') });
      expect(writeCommands(lambda, logs)).toEqual([]);
    });
  });

  describe('ensure, while a new role propagates', () => {
    test('CreateFunction rejected once with InvalidParameterValueException for a role made just now is retried: created', async () => {
      rolesChanged(0);
      const attempts = new Map<string, number>();
      lambda.on(CreateFunctionCommand).callsFake(async (input) => {
        attempts.set(input.FunctionName, (attempts.get(input.FunctionName) ?? 0) + 1);
        if (attempts.get(input.FunctionName) === 1) throw awsError(InvalidParameterValueException, 400);
        deployed.set(input.FunctionName, { Configuration: matchingConfiguration(keyOf(input.FunctionName)), Tags: input.Tags, $metadata: {} });
        return { FunctionName: input.FunctionName };
      });

      const result = await lambdaFunctions.ensure(ctx, inputs);

      expect(result.action).toBe('created');
      expect([...attempts.values()]).toEqual([2, 2, 2]);
      expect(lambda.commandCalls(CreateFunctionCommand)).toHaveLength(6);
    });

    test('rejected for two minutes, it gives up with WAIT_TIMED_OUT naming the role, having said what it waits for', async () => {
      deploy('generate-upload-url');
      deploy('process-image-upload');
      rolesChanged(0);
      lambda.on(CreateFunctionCommand).rejects(awsError(InvalidParameterValueException, 400));
      const progress: string[] = [];
      const started = ctx.clock.now();
      const error = await lambdaFunctions.ensure({ ...ctx, log: { ...ctx.log, progress: (line) => progress.push(line) } }, inputs).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeployError);
      expect(error).toMatchObject({ code: 'WAIT_TIMED_OUT', message: expect.stringMatching(/^Waited 2\.0 min for IAM to make role rekog-detect-labels-role assumable by Lambda/) });
      expect(ctx.clock.now() - started).toBeGreaterThanOrEqual(2 * 60 * 1000);
      expect(progress[0]).toBe('waiting for IAM to make role rekog-detect-labels-role assumable by Lambda…');
      expect(progress.slice(1).every((line) => /assumable by Lambda… \d+ s$/.test(line))).toBe(true);
      expect(lambda.commandCalls(CreateFunctionCommand).length).toBeLessThan(60);
    });

    test('with a role made an hour ago the same error is thrown at once, without retry', async () => {
      deploy('generate-upload-url');
      deploy('process-image-upload');
      rolesChanged(60 * 60 * 1000);
      lambda.on(CreateFunctionCommand).rejects(awsError(InvalidParameterValueException, 400));
      await expect(lambdaFunctions.ensure(ctx, inputs)).rejects.toBeInstanceOf(InvalidParameterValueException);
      expect(lambda.commandCalls(CreateFunctionCommand)).toHaveLength(1);
    });
  });

  describe('the analysis: its delivery of S3 events and its reserved concurrency', () => {
    test('a reservation the account cannot afford says how to go on, not a bare InvalidParameterValueException', async () => {
      for (const key of FUNCTION_KEYS) deploy(key);
      deployed.get('rekog-process-image-upload')!.Concurrency = undefined;
      lambda.on(PutFunctionConcurrencyCommand).rejects(awsError(InvalidParameterValueException, 400));
      const error = await lambdaFunctions.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'AWS_ERROR', message: expect.stringContaining('REKOG_PROCESS_CONCURRENCY=0') });
    });

    test('REKOG_PROCESS_CONCURRENCY=0 removes the reservation, and reserves nothing', async () => {
      for (const key of FUNCTION_KEYS) deploy(key);
      const unreserved = { ...ctx, settings: { ...ctx.settings, processConcurrency: 0 } };
      const result = await lambdaFunctions.ensure(unreserved, inputs);
      expect(result.changes).toEqual(['process-image-upload: reserved concurrency']);
      expect(writeCommands(lambda)).toEqual(['DeleteFunctionConcurrencyCommand']);
    });

    test("the delivery to the failed-uploads queue is retried while Lambda cannot yet see the new role's permission to send there", async () => {
      for (const key of FUNCTION_KEYS) deploy(key);
      rolesChanged(0);
      lambda.on(GetFunctionEventInvokeConfigCommand).rejects(awsError(ResourceNotFoundException, 404));
      lambda.on(PutFunctionEventInvokeConfigCommand).rejectsOnce(awsError(InvalidParameterValueException, 400)).resolves({});
      await lambdaFunctions.ensure(ctx, inputs);
      expect(lambda.commandCalls(PutFunctionEventInvokeConfigCommand)).toHaveLength(2);
    });
  });

  describe('a function Lambda reports as Failed', () => {
    test('up stops on it with the reason Lambda gives, and writes nothing to it', async () => {
      deploy('generate-upload-url');
      deploy('process-image-upload', { State: 'Failed', StateReasonCode: 'InvalidZipFileException', StateReason: 'Lambda could not unzip the package.' });
      deploy('detect-labels');
      const error = await lambdaFunctions.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeployError);
      expect(error).toMatchObject({ code: 'FUNCTION_FAILED', message: expect.stringContaining('rekog-process-image-upload is in state Failed (InvalidZipFileException: Lambda could not unzip the package.)') });
      const written = lambda.calls().filter((call) => !/^Get/.test(call.args[0].constructor.name)).map((call) => (call.args[0].input as { FunctionName?: string }).FunctionName);
      expect(written).not.toContain('rekog-process-image-upload');
    });

    test('a failed last update is reported as such, with its reason', async () => {
      deploy('generate-upload-url');
      deploy('process-image-upload');
      deploy('detect-labels', { LastUpdateStatus: 'Failed', LastUpdateStatusReasonCode: 'EniLimitExceeded', LastUpdateStatusReason: 'ENI limit reached.' });
      await expect(lambdaFunctions.ensure(ctx, inputs)).rejects.toMatchObject({ code: 'FUNCTION_FAILED', message: expect.stringContaining('last update Failed (EniLimitExceeded: ENI limit reached.)') });
    });

    test('a function that fails while being created: the wait ends with the reason, in one line', async () => {
      deploy('generate-upload-url');
      deploy('process-image-upload');
      lambda.on(CreateFunctionCommand).callsFake(async (input) => {
        deployed.set(input.FunctionName, {
          Configuration: { ...matchingConfiguration(keyOf(input.FunctionName)), State: 'Failed', StateReasonCode: 'SubnetOutOfIPAddresses', StateReason: 'No free IP addresses.' },
          Tags: input.Tags,
          $metadata: {},
        });
        return { FunctionName: input.FunctionName, State: 'Pending' };
      });
      const error = await lambdaFunctions.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'FUNCTION_FAILED', message: expect.stringContaining('SubnetOutOfIPAddresses: No free IP addresses.') });
      expect((error as Error).message).not.toMatch(/[{}]/);
    });

    test('status shows it drifted, with the reason, never present', async () => {
      deploy('generate-upload-url');
      deploy('process-image-upload', { State: 'Failed', StateReasonCode: 'InvalidZipFileException', StateReason: 'Lambda could not unzip the package.' });
      deploy('detect-labels');
      const { resources } = await lambdaFunctions.inspect(ctx, inputs);
      expect(resources.find((resource) => resource.name === 'rekog-process-image-upload')).toMatchObject({
        state: 'drifted',
        drift: ['state Failed (InvalidZipFileException: Lambda could not unzip the package.)'],
      });
    });
  });

  describe('destroy', () => {
    test('missing functions and log groups are success: absent', async () => {
      logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
      const result = await lambdaFunctions.destroy(ctx, { keepData: false });
      expect(result).toMatchObject({ action: 'absent', deleted: [], leftAlone: [] });
      expect(writeCommands(lambda, logs)).toEqual([]);
    });

    test('a same-named function and log group without the stack tag are left alone and listed', async () => {
      for (const key of FUNCTION_KEYS) deploy(key, {}, key === 'detect-labels' ? {} : { 'rekog-deploy:stack': 'rekog' });
      logs.on(ListTagsForResourceCommand, { resourceArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/rekog-detect-labels` }).resolves({ tags: {} });

      const result = await lambdaFunctions.destroy(ctx, { keepData: false });

      expect(result.leftAlone).toEqual([
        { kind: 'Lambda function', name: 'rekog-detect-labels' },
        { kind: 'Log group', name: '/aws/lambda/rekog-detect-labels' },
      ]);
      expect(lambda.commandCalls(DeleteFunctionCommand).map((call) => call.args[0].input.FunctionName)).toEqual([
        'rekog-generate-upload-url',
        'rekog-process-image-upload',
      ]);
      expect(logs.commandCalls(DeleteLogGroupCommand).map((call) => call.args[0].input.logGroupName)).not.toContain('/aws/lambda/rekog-detect-labels');
      expect(result.action).toBe('deleted');
    });
  });
});
