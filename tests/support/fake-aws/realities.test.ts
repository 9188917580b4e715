import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, ResourceInUseException, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, GetFunctionCommand, InvalidParameterValueException } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, DeleteBucketCommand, PutBucketNotificationConfigurationCommand, PutBucketPolicyCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { createClients, destroyClients, type Clients } from '../../../scripts/lib/engine/clients';
import { deterministicZip } from '../../../scripts/lib/build/zip';
import { SimulatedClock } from '../clock';
import { createFakeAws, type FakeAwsOptions } from './index';
import { AWS_REALITIES } from './realities';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const opened: Clients[] = [];

function setup(options: FakeAwsOptions = {}) {
  const clock = new SimulatedClock();
  const fake = createFakeAws({ clock, realities: AWS_REALITIES, ...options });
  const aws = createClients({ region: fake.region, hooks: [fake.hook], env: {} });
  opened.push(aws);
  return { clock, aws };
}

afterAll(() => opened.forEach(destroyClients));

function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function newRole(aws: Clients, name = 'r'): Promise<string> {
  return (await aws.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }))).Role?.Arn ?? '';
}

async function newFunction(aws: Clients, name: string, Role: string): Promise<void> {
  const ZipFile = await deterministicZip([{ name: 'index.js', content: Buffer.from('exports.handler = async () => 1;') }]);
  await aws.lambda.send(new CreateFunctionCommand({ FunctionName: name, Role, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile } }));
}

describe("the in-memory AWS shows AWS's delays, in simulated time", () => {
  test('a new role cannot be assumed by Lambda until it has propagated; a changed trust policy starts again', async () => {
    const { aws, clock } = setup();
    const role = await newRole(aws);
    expect(await refusal(newFunction(aws, 'fn', role))).toBeInstanceOf(InvalidParameterValueException);
    clock.advance(AWS_REALITIES.rolePropagationMs);
    await newFunction(aws, 'fn', role);
    await aws.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: TRUST }));
    expect(await refusal(newFunction(aws, 'fn2', role))).toBeInstanceOf(InvalidParameterValueException);
  });

  test('right after Block Public Access is relaxed, a public policy is still refused for a moment', async () => {
    const { aws, clock } = setup();
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'site' }));
    await aws.s3.send(new PutPublicAccessBlockCommand({ Bucket: 'site', PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true } }));
    const publicRead = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }] });
    expect(await refusal(aws.s3.send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: publicRead })))).toMatchObject({ name: 'AccessDenied' });
    clock.advance(AWS_REALITIES.publicAccessBlockPropagationMs);
    await aws.s3.send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: publicRead }));
  });

  test('the name of a bucket deleted a moment ago answers OperationAborted, then is free', async () => {
    const { aws, clock } = setup();
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'bucket-one' }));
    await aws.s3.send(new DeleteBucketCommand({ Bucket: 'bucket-one' }));
    expect(await refusal(aws.s3.send(new CreateBucketCommand({ Bucket: 'bucket-one' })))).toMatchObject({ name: 'OperationAborted', $metadata: { httpStatusCode: 409 } });
    clock.advance(AWS_REALITIES.bucketNameReleaseMs);
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'bucket-one' }));
  });

  test('a new table is CREATING for a while (no TTL, no delete); a deleted one DELETING (its name taken)', async () => {
    const { aws, clock } = setup({ realities: { ...AWS_REALITIES, pollIntervalMs: 0 } });
    const table = { TableName: 't', BillingMode: 'PAY_PER_REQUEST' as const, AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' as const }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' as const }] };
    await aws.dynamodb.send(new CreateTableCommand(table));
    expect((await aws.dynamodb.send(new DescribeTableCommand({ TableName: 't' }))).Table?.TableStatus).toBe('CREATING');
    expect(await refusal(aws.dynamodb.send(new DeleteTableCommand({ TableName: 't' })))).toBeInstanceOf(ResourceInUseException);
    expect(await refusal(aws.dynamodb.send(new UpdateTimeToLiveCommand({ TableName: 't', TimeToLiveSpecification: { AttributeName: 'e', Enabled: true } })))).toBeInstanceOf(ResourceInUseException);
    clock.advance(AWS_REALITIES.tableCreationMs);
    expect((await aws.dynamodb.send(new DescribeTableCommand({ TableName: 't' }))).Table?.TableStatus).toBe('ACTIVE');
    await aws.dynamodb.send(new DeleteTableCommand({ TableName: 't' }));
    expect((await aws.dynamodb.send(new DescribeTableCommand({ TableName: 't' }))).Table?.TableStatus).toBe('DELETING');
    expect(await refusal(aws.dynamodb.send(new CreateTableCommand(table)))).toBeInstanceOf(ResourceInUseException);
    clock.advance(AWS_REALITIES.tableDeletionMs);
    expect(await refusal(aws.dynamodb.send(new DescribeTableCommand({ TableName: 't' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('S3 cannot validate a Lambda destination until the new permission has propagated', async () => {
    const { aws, clock } = setup();
    const role = await newRole(aws);
    clock.advance(AWS_REALITIES.rolePropagationMs);
    await newFunction(aws, 'fn', role);
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
    await aws.lambda.send(new AddPermissionCommand({ FunctionName: 'fn', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::uploads' }));
    const notify = () =>
      aws.s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: 'uploads',
          NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn', Events: ['s3:ObjectCreated:*'] }] },
        }),
      );
    expect(await refusal(notify())).toMatchObject({ name: 'InvalidArgument' });
    clock.advance(AWS_REALITIES.permissionPropagationMs);
    await notify();
  });

  test('a function Lambda fails to create ends in state Failed, with its reason', async () => {
    const { aws, clock } = setup({ failingFunctions: { fn: { reasonCode: 'InvalidZipFileException', reason: 'Lambda could not unzip it.' } } });
    const role = await newRole(aws);
    clock.advance(AWS_REALITIES.rolePropagationMs);
    await newFunction(aws, 'fn', role);
    const { Configuration } = await aws.lambda.send(new GetFunctionCommand({ FunctionName: 'fn' }));
    expect(Configuration).toMatchObject({ State: 'Failed', StateReasonCode: 'InvalidZipFileException', StateReason: 'Lambda could not unzip it.' });
  });

  test('every call takes a little simulated time; a read that finds a resource still changing takes a poll interval more', async () => {
    const { aws, clock } = setup();
    let before = clock.now();
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'bucket-two' }));
    expect(clock.now() - before).toBe(AWS_REALITIES.callLatencyMs);

    const table = { TableName: 't', BillingMode: 'PAY_PER_REQUEST' as const, AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' as const }], KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' as const }] };
    await aws.dynamodb.send(new CreateTableCommand(table));
    before = clock.now();
    expect((await aws.dynamodb.send(new DescribeTableCommand({ TableName: 't' }))).Table?.TableStatus).toBe('CREATING');
    expect(clock.now() - before).toBe(AWS_REALITIES.callLatencyMs + AWS_REALITIES.pollIntervalMs);
    before = clock.now();
    expect((await aws.dynamodb.send(new DescribeTableCommand({ TableName: 't' }))).Table?.TableStatus).toBe('ACTIVE');
    expect(clock.now() - before).toBe(AWS_REALITIES.callLatencyMs);
  });
});
