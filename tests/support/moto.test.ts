import { CreateDeploymentCommand, CreateRestApiCommand, GetRestApiCommand, GetStageCommand } from '@aws-sdk/client-api-gateway';
import { DeleteAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, DeleteRoleCommand, GetRoleCommand, GetRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, GetFunctionCommand, GetFunctionEventInvokeConfigCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketCorsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketWebsiteCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { DeleteTopicCommand, GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createClients, destroyClients, type Clients } from '../../scripts/lib/engine/clients';
import { createFakeAws } from './fake-aws';
import { describeWithMoto, MOTO_ACCOUNT_ID, startMoto, useMotoEnvironment, type Moto } from './moto';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] });
const EMPTY_ZIP = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64');

/** Runs calls one after another and notes how each ended: "ok" or the error's name. */
async function outcomes(steps: [string, () => Promise<unknown>][]): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [label, step] of steps) {
    result[label] = await step().then(
      () => 'ok',
      (error: Error) => error.name,
    );
  }
  return result;
}

/** How AWS reports missing and duplicate resources: the cases a deploy engine branches on. */
function notFoundAndDuplicates(aws: Clients): [string, () => Promise<unknown>][] {
  const bucket = 'conformance-bucket';
  const role = 'conformance-role';
  const table = {
    TableName: 't',
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [{ AttributeName: 'k', AttributeType: 'S' as const }],
    KeySchema: [{ AttributeName: 'k', KeyType: 'HASH' as const }],
  };
  const roleArn = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${role}`;
  const fn = { FunctionName: 'f', Runtime: 'nodejs22.x' as const, Handler: 'index.handler', Role: roleArn, Code: { ZipFile: EMPTY_ZIP } };
  let restApiId = '';
  return [
    ['s3 HeadBucket missing', () => aws.s3.send(new HeadBucketCommand({ Bucket: bucket }))],
    ['s3 CreateBucket', () => aws.s3.send(new CreateBucketCommand({ Bucket: bucket }))],
    ['s3 GetBucketTagging', () => aws.s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))],
    ['s3 GetBucketPolicy', () => aws.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))],
    ['s3 GetBucketCors', () => aws.s3.send(new GetBucketCorsCommand({ Bucket: bucket }))],
    ['s3 GetBucketLifecycleConfiguration', () => aws.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))],
    ['s3 GetBucketWebsite', () => aws.s3.send(new GetBucketWebsiteCommand({ Bucket: bucket }))],
    ['s3 GetBucketTagging of a missing bucket', () => aws.s3.send(new GetBucketTaggingCommand({ Bucket: `${bucket}-2` }))],
    ['s3 PutObject', () => aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a', Body: 'x' }))],
    ['s3 HeadObject missing', () => aws.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'b' }))],
    ['s3 GetObject missing', () => aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'b' }))],
    ['s3 DeleteBucket not empty', () => aws.s3.send(new DeleteBucketCommand({ Bucket: bucket }))],
    ['iam GetRole missing', () => aws.iam.send(new GetRoleCommand({ RoleName: role }))],
    ['iam CreateRole', () => aws.iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: TRUST }))],
    ['iam CreateRole again', () => aws.iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: TRUST }))],
    ['iam GetRolePolicy missing', () => aws.iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'p' }))],
    ['iam PutRolePolicy with a principal', () => aws.iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'p', PolicyDocument: TRUST }))],
    ['iam PutRolePolicy', () => aws.iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'p', PolicyDocument: POLICY }))],
    ['iam DeleteRole with a policy', () => aws.iam.send(new DeleteRoleCommand({ RoleName: role }))],
    ['dynamodb DescribeTable missing', () => aws.dynamodb.send(new DescribeTableCommand({ TableName: 't' }))],
    ['dynamodb CreateTable', () => aws.dynamodb.send(new CreateTableCommand(table))],
    ['dynamodb CreateTable again', () => aws.dynamodb.send(new CreateTableCommand(table))],
    ['lambda GetFunction missing', () => aws.lambda.send(new GetFunctionCommand({ FunctionName: 'f' }))],
    ['lambda CreateFunction', () => aws.lambda.send(new CreateFunctionCommand(fn))],
    ['lambda CreateFunction again', () => aws.lambda.send(new CreateFunctionCommand(fn))],
    ['lambda GetPolicy without one', () => aws.lambda.send(new GetPolicyCommand({ FunctionName: 'f' }))],
    ['lambda GetFunctionEventInvokeConfig without one', () => aws.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'f' }))],
    ['logs CreateLogGroup', () => aws.logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/f' }))],
    ['logs CreateLogGroup again', () => aws.logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/f' }))],
    ['logs DeleteLogGroup missing', () => aws.logs.send(new DeleteLogGroupCommand({ logGroupName: '/aws/lambda/g' }))],
    ['sns GetTopicAttributes missing', () => aws.sns.send(new GetTopicAttributesCommand({ TopicArn: `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:nope` }))],
    ['sns DeleteTopic missing', () => aws.sns.send(new DeleteTopicCommand({ TopicArn: `arn:aws:sns:us-east-1:${MOTO_ACCOUNT_ID}:nope` }))],
    ['apigateway GetRestApi missing', () => aws.apigateway.send(new GetRestApiCommand({ restApiId: 'nope' }))],
    [
      'apigateway CreateRestApi',
      async () => {
        restApiId = (await aws.apigateway.send(new CreateRestApiCommand({ name: 'api' }))).id ?? '';
      },
    ],
    ['apigateway CreateDeployment without methods', () => aws.apigateway.send(new CreateDeploymentCommand({ restApiId }))],
    ['apigateway GetStage missing', () => aws.apigateway.send(new GetStageCommand({ restApiId, stageName: 'prod' }))],
    ['cloudwatch DeleteAlarms missing', () => aws.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['nope'] }))],
  ];
}

describeWithMoto('moto server', () => {
  let moto: Moto;
  let restoreEnvironment: () => void = () => undefined;
  let aws: Clients;

  beforeAll(async () => {
    moto = await startMoto();
    restoreEnvironment = useMotoEnvironment(moto.endpoint);
    aws = createClients({ region: 'us-east-1', env: process.env });
  }, 60_000);

  afterAll(async () => {
    if (aws) destroyClients(aws);
    restoreEnvironment();
    await moto?.stop();
  }, 30_000);

  it('serves S3 and IAM to clients pointed at it by AWS_ENDPOINT_URL', async () => {
    const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(MOTO_ACCOUNT_ID);
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'moto-smoke-bucket' }));
    await expect(aws.s3.send(new HeadBucketCommand({ Bucket: 'moto-smoke-bucket' }))).resolves.toBeDefined();
    const { Role } = await aws.iam.send(new CreateRoleCommand({ RoleName: 'moto-smoke-role', AssumeRolePolicyDocument: TRUST }));
    expect(Role?.Arn).toBe(`arn:aws:iam::${MOTO_ACCOUNT_ID}:role/moto-smoke-role`);
  }, 30_000);

  it('forgets everything on reset', async () => {
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'moto-reset-bucket' }));
    await moto.reset();
    const error = await aws.s3.send(new HeadBucketCommand({ Bucket: 'moto-reset-bucket' })).catch((caught: Error) => caught);
    expect((error as Error).name).toBe('NotFound');
  }, 30_000);

  it('stops the server it started', async () => {
    const other = await startMoto();
    await other.stop();
    await expect(fetch(`${other.endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) })).rejects.toThrow();
  }, 60_000);

  // The fake is stricter than moto in places where AWS is (Block Public Access, notification
  // validation, Lambda update states); on missing and duplicate resources the two must agree.
  it('agrees with the in-memory fake on how missing and duplicate resources are reported', async () => {
    await moto.reset();
    const fromMoto = await outcomes(notFoundAndDuplicates(aws));
    const fake = createFakeAws({ accountId: MOTO_ACCOUNT_ID });
    const fakeClients = createClients({ region: 'us-east-1', hooks: [fake.hook], env: {} });
    const fromFake = await outcomes(notFoundAndDuplicates(fakeClients));
    destroyClients(fakeClients);

    expect(fromFake).toEqual(fromMoto);
    expect(fromMoto).toMatchObject({
      's3 HeadBucket missing': 'NotFound',
      's3 GetBucketTagging': 'NoSuchTagSet',
      's3 DeleteBucket not empty': 'BucketNotEmpty',
      'iam CreateRole again': 'EntityAlreadyExistsException',
      'iam PutRolePolicy with a principal': 'MalformedPolicyDocumentException',
      'iam DeleteRole with a policy': 'DeleteConflictException',
      'dynamodb CreateTable again': 'ResourceInUseException',
      'lambda CreateFunction again': 'ResourceConflictException',
      'logs CreateLogGroup again': 'ResourceAlreadyExistsException',
      'apigateway GetStage missing': 'NotFoundException',
    });
  }, 60_000);
});
