import type { AwsCall, CallHook } from '../../../scripts/lib/engine/clients';
import { silentReporter, type Reporter } from '../../../scripts/lib/engine/reporter';
import { RunFailed } from '../../../scripts/lib/engine/runner';
import { AWS_REALITIES, NO_DELAYS } from '../../support/fake-aws';
import { unmodelledError } from '../../support/fake-aws/errors';
import { capturedReporter } from '../../support/reporter';
import { newFake, run } from './harness';

jest.mock('../../../scripts/lib/build/function-code', () => require('../../support/memoised-function-code').memoisedFunctionCode());

function recordingReporter(): Reporter & { progress: jest.Mock } {
  return { ...silentReporter, progress: jest.fn() };
}

/** Refuses the named operations with AccessDenied, as AWS would for an identity without them. */
function refusing(...operations: string[]): CallHook {
  return (call: AwsCall, next) => (operations.includes(`${call.service}:${call.operation}`) ? Promise.reject(unmodelledError(call.service, 'AccessDenied', 403, 'Access Denied')) : next());
}

describe("whole runs through AWS's delays (every window on at once, in simulated time)", () => {
  test('a cold up succeeds in one run, ends as an up without delays does, and says what it waited for', async () => {
    const fake = newFake();
    const log = recordingReporter();
    const started = fake.clock.now();
    const cold = await run(fake, 'up', { log });
    expect(cold.reports.map((report) => report.action)).toEqual(Array(11).fill('created'));
    expect(fake.clock.now() - started).toBeGreaterThan(15_000);
    expect(log.progress.mock.calls.flat()).toEqual(expect.arrayContaining([expect.stringMatching(/^waiting for IAM to make role rekog-.*-role assumable by Lambda/)]));

    const calm = newFake({ realities: NO_DELAYS });
    await run(calm, 'up');
    expect(fake.snapshot()).toEqual(calm.snapshot());
  });

  test('down then an immediate up succeeds: the table still DELETING and the bucket names not yet free are waited out', async () => {
    // A distribution that disables quickly, so that down ends while the table and bucket names are still held.
    const fake = newFake({ realities: { ...AWS_REALITIES, distributionDeployMs: 5_000 } });
    await run(fake, 'up');
    await run(fake, 'down');
    expect(fake.resources()).toEqual([]);
    const log = recordingReporter();
    const again = await run(fake, 'up', { log });
    expect(again.reports.map((report) => report.action)).toEqual(Array(11).fill('created'));
    const waits = log.progress.mock.calls.flat().join('\n');
    expect(waits).toContain('S3 to release the name of the deleted bucket');
  });

  test('down, up, then a no-op up: the last writes nothing', async () => {
    const fake = newFake();
    await run(fake, 'up');
    await run(fake, 'down');
    await run(fake, 'up');
    const noop = await run(fake, 'up');
    expect(noop.writes).toEqual([]);
  });

  test('a down in which two destroys fail reports both, each with its reason, and still removes the rest', async () => {
    const fake = newFake();
    await run(fake, 'up');
    const failed = await run(fake, 'down', { extraHooks: [refusing('dynamodb:DeleteTable', 'sns:DeleteTopic')] }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(RunFailed);
    const { failures } = failed as RunFailed;
    expect(failures.map((failure) => failure.step).sort()).toEqual(['create-sns', 'create-table']);
    expect(failures.map((failure) => failure.error.message).sort()).toEqual([
      expect.stringContaining('Access denied for dynamodb:DeleteTable'),
      expect.stringContaining('Access denied for sns:DeleteTopic'),
    ]);
    expect((failed as RunFailed).message.split('\n')).toHaveLength(2);
    expect(fake.resources().sort()).toEqual(['dynamodb:table:rekog-results', 'sns:topic:rekog-notifications']);
  });

  test('a step that fails part-way has already named each resource it deleted before the failure', async () => {
    const fake = newFake();
    await run(fake, 'up');
    const output = capturedReporter();
    await expect(run(fake, 'down', { log: output.log, extraHooks: [refusing('logs:DeleteLogGroup')] })).rejects.toBeInstanceOf(RunFailed);
    const lines = output.lines();
    expect(lines).toContain('  deleted     Lambda function          rekog-generate-upload-url');
    expect(fake.resources()).not.toContain('lambda:function:rekog-generate-upload-url');
    expect(lines.filter((line) => line.includes('Log group'))).toEqual([]);
  });

  test('status shows every resource it could read and names the step it could not', async () => {
    const fake = newFake();
    await run(fake, 'up');
    const status = (await run(fake, 'status', { extraHooks: [refusing('dynamodb:DescribeTable')] })).status;
    expect(status?.failures.map((failure) => [failure.step, failure.error.code])).toEqual([['create-table', 'ACCESS_DENIED']]);
    expect(status?.reports.map((report) => report.step)).toEqual([
      'create-role', 'create-distribution', 'create-bucket-with-cors', 'create-sns', 'create-queue', 'create-function', 'create-s3-trigger', 'create-api', 'deploy-site', 'create-alarms',
    ]);
  });

  test('a function Lambda fails to create stops up with its reason, and status shows it drifted, not present', async () => {
    const fake = newFake({ failingFunctions: { 'rekog-detect-labels': { reasonCode: 'InvalidZipFileException', reason: 'Could not unzip.' } } });
    const failed = await run(fake, 'up').catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: 'FUNCTION_FAILED', message: expect.stringContaining('rekog-detect-labels is in state Failed (InvalidZipFileException: Could not unzip.)') });
    const status = (await run(fake, 'status')).status;
    const fn = status?.reports.flatMap((report) => report.resources).find((resource) => resource.name === 'rekog-detect-labels');
    expect(fn).toMatchObject({ state: 'drifted', drift: ['state Failed (InvalidZipFileException: Could not unzip.)'] });
  });
});
