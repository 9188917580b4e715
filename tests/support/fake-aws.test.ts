import {
  BadRequestException,
  ConflictException,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetTagsCommand,
  NotFoundException as ApiNotFoundException,
  PutRestApiCommand,
  TagResourceCommand as TagApiCommand,
  UpdateStageCommand,
  paginateGetRestApis,
} from '@aws-sdk/client-api-gateway';
import { DeleteAlarmsCommand, DescribeAlarmsCommand, ListTagsForResourceCommand as ListAlarmTagsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
  PutRetentionPolicyCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException as LogsNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  ResourceInUseException,
  ResourceNotFoundException as TableNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateRoleCommand,
  DeleteConflictException,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  EntityAlreadyExistsException,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMServiceException,
  ListRoleTagsCommand,
  ListUsersCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  GetFunctionEventInvokeConfigCommand,
  GetPolicyCommand,
  InvalidParameterValueException,
  PutFunctionEventInvokeConfigCommand,
  ResourceConflictException,
  ResourceNotFoundException as FunctionNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  NoSuchBucket,
  NotFound,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3ServiceException,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand as ListTopicTagsCommand,
  NotFoundException as TopicNotFoundException,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createHash } from 'node:crypto';
import { createClients, destroyClients, type CallHook, type Clients } from '../../scripts/lib/engine/clients';
import { callOf } from '../../scripts/lib/engine/errors';
import { SimulatedClock } from './clock';
import { callCounter, createFakeAws, faultInjector, UnimplementedOperationError, type FakeAws, type FakeAwsOptions } from './fake-aws';

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const STACK_TAG = [{ Key: 'rekog-deploy:stack', Value: 'demo' }];

/** A stand-in for a deployment package: Lambda only looks at the zip signature here. */
function zip(content: string): Buffer {
  return Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from(content)]);
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

const created: Clients[] = [];
function setup(options: FakeAwsOptions = {}, hooks: CallHook[] = []): { fake: FakeAws; aws: Clients } {
  const fake = createFakeAws(options);
  const aws = createClients({ region: fake.region, hooks: [...hooks, fake.hook], env: {} });
  created.push(aws);
  return { fake, aws };
}

async function createRole(aws: Clients, name: string): Promise<string> {
  const { Role } = await aws.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, Tags: STACK_TAG }));
  return Role?.Arn ?? '';
}

async function createFunction(aws: Clients, name: string, roleArn: string): Promise<void> {
  await aws.lambda.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: roleArn, Code: { ZipFile: zip(name) } }),
  );
}

// Proves the fake answers before the SDK looks for credentials: none are available here.
const savedEnv = { ...process.env };
beforeAll(() => {
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[key];
  process.env.AWS_CONFIG_FILE = '/nonexistent/config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});
afterAll(() => {
  process.env = savedEnv;
});
afterEach(() => {
  for (const aws of created.splice(0)) destroyClients(aws);
});

describe('the hook', () => {
  it('answers through client.send() with the output and $metadata, without credentials', async () => {
    const { fake, aws } = setup({ accountId: '111122223333' });
    const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('111122223333');
    expect(identity.$metadata.httpStatusCode).toBe(200);
    expect(fake.calls).toEqual([{ service: 'sts', operation: 'GetCallerIdentity', input: {} }]);
  });

  it('names the service and operation it does not implement', async () => {
    const { aws } = setup();
    const error = await rejectionOf(aws.iam.send(new ListUsersCommand({})));
    expect(error).toBeInstanceOf(UnimplementedOperationError);
    expect(error.message).toContain('iam:ListUsers');
    expect(callOf(error)).toMatchObject({ service: 'iam', operation: 'ListUsers' });
  });
});

describe('iam', () => {
  it('creates a role once, with tags, and returns its trust policy URL-encoded', async () => {
    const { aws } = setup();
    const missing = await rejectionOf(aws.iam.send(new GetRoleCommand({ RoleName: 'r' })));
    expect(missing).toBeInstanceOf(NoSuchEntityException);
    expect(missing.name).toBe('NoSuchEntityException');
    expect(missing.$metadata?.httpStatusCode).toBe(404);

    const arn = await createRole(aws, 'r');
    const { Role } = await aws.iam.send(new GetRoleCommand({ RoleName: 'r' }));
    expect(arn).toBe('arn:aws:iam::123456789012:role/r');
    expect(Role?.CreateDate).toBeInstanceOf(Date);
    expect(Role?.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22/);
    expect(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''))).toEqual(JSON.parse(TRUST));
    expect(Role?.Tags).toEqual(STACK_TAG);

    const again = await rejectionOf(createRole(aws, 'r'));
    expect(again).toBeInstanceOf(EntityAlreadyExistsException);
  });

  it('keeps inline policies and refuses to delete a role that still has them', async () => {
    const { aws, fake } = setup();
    await createRole(aws, 'r');
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] });
    await aws.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: document }));
    const { PolicyDocument } = await aws.iam.send(new GetRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' }));
    expect(decodeURIComponent(PolicyDocument ?? '')).toBe(document);

    expect(await rejectionOf(aws.iam.send(new DeleteRoleCommand({ RoleName: 'r' })))).toBeInstanceOf(DeleteConflictException);
    await aws.iam.send(new DeleteRolePolicyCommand({ RoleName: 'r', PolicyName: 'p' }));
    await aws.iam.send(new DeleteRoleCommand({ RoleName: 'r' }));
    expect(fake.resources()).toEqual([]);
  });

  it('merges tags', async () => {
    const { aws } = setup();
    await createRole(aws, 'r');
    await aws.iam.send(new TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'a', Value: '1' }] }));
    const { Tags } = await aws.iam.send(new ListRoleTagsCommand({ RoleName: 'r' }));
    expect(Tags).toEqual([{ Key: 'a', Value: '1' }, ...STACK_TAG]);
  });
});

describe('s3 buckets', () => {
  it('tells a missing bucket, an own bucket and another account\'s bucket apart', async () => {
    const { aws, fake } = setup();
    expect(await rejectionOf(aws.s3.send(new HeadBucketCommand({ Bucket: 'b-1' })))).toBeInstanceOf(NotFound);
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'b-1' }));
    await expect(aws.s3.send(new HeadBucketCommand({ Bucket: 'b-1' }))).resolves.toMatchObject({ BucketRegion: 'us-east-1' });
    // us-east-1 answers 200 when you re-create your own bucket (documented legacy behaviour).
    await expect(aws.s3.send(new CreateBucketCommand({ Bucket: 'b-1' }))).resolves.toBeDefined();

    fake.seed.foreignBucket('taken');
    const taken = await rejectionOf(aws.s3.send(new CreateBucketCommand({ Bucket: 'taken' })));
    expect(taken).toBeInstanceOf(BucketAlreadyExists);
    const forbidden = await rejectionOf(aws.s3.send(new HeadBucketCommand({ Bucket: 'taken' })));
    expect(forbidden).toBeInstanceOf(S3ServiceException);
    expect(forbidden.name).toBe('Forbidden');
    expect(forbidden.$metadata?.httpStatusCode).toBe(403);
    expect(fake.resources()).toEqual(['s3:bucket:b-1']);
  });

  it('refuses to re-create an own bucket outside us-east-1, and needs the location constraint there', async () => {
    const { aws } = setup({ region: 'eu-west-1' });
    const unconstrained = await rejectionOf(aws.s3.send(new CreateBucketCommand({ Bucket: 'b-1' })));
    expect(unconstrained.name).toBe('IllegalLocationConstraintException');
    const input = { Bucket: 'b-1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' as const } };
    await aws.s3.send(new CreateBucketCommand(input));
    expect(await rejectionOf(aws.s3.send(new CreateBucketCommand(input)))).toBeInstanceOf(BucketAlreadyOwnedByYou);
  });

  it('answers each missing configuration with the error S3 uses, as an S3ServiceException', async () => {
    const { aws } = setup();
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'b-1' }));
    const expectations: [Promise<unknown>, string][] = [
      [aws.s3.send(new GetBucketTaggingCommand({ Bucket: 'b-1' })), 'NoSuchTagSet'],
      [aws.s3.send(new GetBucketPolicyCommand({ Bucket: 'b-1' })), 'NoSuchBucketPolicy'],
      [aws.s3.send(new GetBucketCorsCommand({ Bucket: 'b-1' })), 'NoSuchCORSConfiguration'],
    ];
    for (const [promise, name] of expectations) {
      const error = await rejectionOf(promise);
      expect(error).toBeInstanceOf(S3ServiceException);
      expect(error.name).toBe(name);
    }
    const gone = await rejectionOf(aws.s3.send(new GetBucketTaggingCommand({ Bucket: 'nope' })));
    expect(gone).toBeInstanceOf(NoSuchBucket);
  });

  it('gives new buckets Block Public Access and SSE-S3, and blocks a public policy until it is lifted', async () => {
    const { aws } = setup();
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'site' }));
    const { PublicAccessBlockConfiguration } = await aws.s3.send(new GetPublicAccessBlockCommand({ Bucket: 'site' }));
    expect(PublicAccessBlockConfiguration?.BlockPublicPolicy).toBe(true);
    const { ServerSideEncryptionConfiguration } = await aws.s3.send(new GetBucketEncryptionCommand({ Bucket: 'site' }));
    expect(ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');

    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }] };
    const put = () => aws.s3.send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: JSON.stringify(policy, null, 2) }));
    expect((await rejectionOf(put())).name).toBe('AccessDenied');
    await aws.s3.send(new PutPublicAccessBlockCommand({ Bucket: 'site', PublicAccessBlockConfiguration: { BlockPublicPolicy: false, RestrictPublicBuckets: false } }));
    await put();
    const { Policy } = await aws.s3.send(new GetBucketPolicyCommand({ Bucket: 'site' }));
    expect(Policy).toBe(JSON.stringify(policy));
  });

  it('validates a Lambda notification against the function policy, and answers filter names capitalised', async () => {
    const { aws } = setup();
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'up-1' }));
    await createFunction(aws, 'fn', await createRole(aws, 'r'));
    const FunctionArn = 'arn:aws:lambda:us-east-1:123456789012:function:fn';
    const notification = {
      Bucket: 'up-1',
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          { LambdaFunctionArn: FunctionArn, Events: ['s3:ObjectCreated:*' as const], Filter: { Key: { FilterRules: [{ Name: 'prefix' as const, Value: 'uploads/' }] } } },
        ],
      },
    };
    const invalid = await rejectionOf(aws.s3.send(new PutBucketNotificationConfigurationCommand(notification)));
    expect(invalid.name).toBe('InvalidArgument');

    await aws.lambda.send(
      new AddPermissionCommand({
        FunctionName: 'fn',
        StatementId: 's3',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: 'arn:aws:s3:::up-1',
        SourceAccount: '123456789012',
      }),
    );
    await aws.s3.send(new PutBucketNotificationConfigurationCommand(notification));
    const stored = await aws.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'up-1' }));
    const [configuration] = stored.LambdaFunctionConfigurations ?? [];
    expect(configuration.Id).toEqual(expect.any(String));
    expect(configuration.Filter?.Key?.FilterRules).toEqual([{ Name: 'Prefix', Value: 'uploads/' }]);
  });
});

describe('s3 objects', () => {
  it('stores objects with a quoted MD5 ETag and their headers', async () => {
    const { aws } = setup();
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'b-1' }));
    const { ETag } = await aws.s3.send(new PutObjectCommand({ Bucket: 'b-1', Key: 'index.html', Body: '<h1>hi</h1>', ContentType: 'text/html', CacheControl: 'no-cache' }));
    expect(ETag).toBe(`"${createHash('md5').update('<h1>hi</h1>').digest('hex')}"`);
    const head = await aws.s3.send(new HeadObjectCommand({ Bucket: 'b-1', Key: 'index.html' }));
    expect(head).toMatchObject({ ContentType: 'text/html', CacheControl: 'no-cache', ContentLength: 11, ETag });
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: 'b-1', Key: 'index.html' }));
    expect(await object.Body?.transformToString()).toBe('<h1>hi</h1>');
    expect(await rejectionOf(aws.s3.send(new HeadObjectCommand({ Bucket: 'b-1', Key: 'nope' })))).toBeInstanceOf(NotFound);
  });

  it('pages ListObjectsV2 with continuation tokens', async () => {
    const { aws, fake } = setup();
    await fake.seed.bucket('b-1', { objects: { a: '1', b: '22', c: '333', d: '4444', e: '5' } });
    const pages = [];
    for await (const page of paginateListObjectsV2({ client: aws.s3, pageSize: 2 }, { Bucket: 'b-1' })) pages.push(page);
    expect(pages.map((page) => page.Contents?.map((object) => object.Key))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(pages[1].Contents?.[1]).toMatchObject({ Key: 'd', Size: 4, ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
  });

  it('keeps versions and delete markers in a versioned bucket until each is deleted', async () => {
    const { aws } = setup();
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'v-1' }));
    await aws.s3.send(new PutBucketVersioningCommand({ Bucket: 'v-1', VersioningConfiguration: { Status: 'Enabled' } }));
    await aws.s3.send(new PutObjectCommand({ Bucket: 'v-1', Key: 'k', Body: Buffer.from('one') }));
    await aws.s3.send(new PutObjectCommand({ Bucket: 'v-1', Key: 'k', Body: new Uint8Array([116, 119, 111]) }));
    await aws.s3.send(new DeleteObjectCommand({ Bucket: 'v-1', Key: 'k' }));

    const notEmpty = await rejectionOf(aws.s3.send(new DeleteBucketCommand({ Bucket: 'v-1' })));
    expect(notEmpty.name).toBe('BucketNotEmpty');
    const listing = await aws.s3.send(new ListObjectVersionsCommand({ Bucket: 'v-1' }));
    expect(listing.Versions).toHaveLength(2);
    expect(listing.DeleteMarkers).toEqual([expect.objectContaining({ Key: 'k', IsLatest: true })]);

    const Objects = [...(listing.Versions ?? []), ...(listing.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({ Key, VersionId }));
    const { Deleted } = await aws.s3.send(new DeleteObjectsCommand({ Bucket: 'v-1', Delete: { Objects } }));
    expect(Deleted).toHaveLength(3);
    await aws.s3.send(new DeleteBucketCommand({ Bucket: 'v-1' }));
  });
});

describe('dynamodb', () => {
  const table = {
    TableName: 't',
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [{ AttributeName: 'imageKey', AttributeType: 'S' as const }],
    KeySchema: [{ AttributeName: 'imageKey', KeyType: 'HASH' as const }],
    Tags: STACK_TAG,
  };

  it('creates a table that a waiter sees ACTIVE, once', async () => {
    const { aws } = setup();
    expect(await rejectionOf(aws.dynamodb.send(new DescribeTableCommand({ TableName: 't' })))).toBeInstanceOf(TableNotFoundException);
    const { TableDescription } = await aws.dynamodb.send(new CreateTableCommand(table));
    expect(TableDescription?.TableStatus).toBe('CREATING');
    await waitUntilTableExists({ client: aws.dynamodb, maxWaitTime: 60 }, { TableName: 't' });
    const { Table } = await aws.dynamodb.send(new DescribeTableCommand({ TableName: 't' }));
    expect(Table).toMatchObject({ TableStatus: 'ACTIVE', TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/t', BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' } });
    expect(await rejectionOf(aws.dynamodb.send(new CreateTableCommand(table)))).toBeInstanceOf(ResourceInUseException);
    const { Tags } = await aws.dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: Table?.TableArn }));
    expect(Tags).toEqual(STACK_TAG);
    await aws.dynamodb.send(new DeleteTableCommand({ TableName: 't' }));
  });

  it('turns TTL on once and says so when asked again', async () => {
    const { aws } = setup();
    await aws.dynamodb.send(new CreateTableCommand(table));
    const spec = { TableName: 't', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } };
    await aws.dynamodb.send(new UpdateTimeToLiveCommand(spec));
    const { TimeToLiveDescription } = await aws.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 't' }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    expect((await rejectionOf(aws.dynamodb.send(new UpdateTimeToLiveCommand(spec)))).name).toBe('ValidationException');
  });
});

describe('sns', () => {
  it('creates topics idempotently and refuses different tags on an existing one', async () => {
    const { aws, fake } = setup();
    const first = await aws.sns.send(new CreateTopicCommand({ Name: 'n', Tags: STACK_TAG }));
    const second = await aws.sns.send(new CreateTopicCommand({ Name: 'n', Tags: STACK_TAG }));
    expect(second.TopicArn).toBe(first.TopicArn);
    const { Tags } = await aws.sns.send(new ListTopicTagsCommand({ ResourceArn: first.TopicArn }));
    expect(Tags).toEqual(STACK_TAG);

    await fake.seed.topic('theirs');
    const clash = await rejectionOf(aws.sns.send(new CreateTopicCommand({ Name: 'theirs', Tags: STACK_TAG })));
    expect(clash).toBeInstanceOf(InvalidParameterException);
    const missing = await rejectionOf(aws.sns.send(new GetTopicAttributesCommand({ TopicArn: `${first.TopicArn}-x` })));
    expect(missing).toBeInstanceOf(TopicNotFoundException);
    expect(missing.name).toBe('NotFoundException');
  });

  it('lists an e-mail subscription as PendingConfirmation until it is confirmed', async () => {
    const { aws, fake } = setup();
    const { TopicArn } = await aws.sns.send(new CreateTopicCommand({ Name: 'n' }));
    const { SubscriptionArn } = await aws.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'a@example.com' }));
    expect(SubscriptionArn).toBe('pending confirmation');
    const list = () => aws.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect((await list()).Subscriptions).toEqual([expect.objectContaining({ SubscriptionArn: 'PendingConfirmation', Endpoint: 'a@example.com' })]);
    const attributes = await aws.sns.send(new GetTopicAttributesCommand({ TopicArn }));
    expect(attributes.Attributes?.SubscriptionsPending).toBe('1');

    fake.seed.confirmSubscription('a@example.com');
    expect((await list()).Subscriptions?.[0].SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:`));
  });
});

describe('lambda', () => {
  it('creates a function with the role, reports CodeSha256 of the zip, and refuses a second create', async () => {
    const { aws } = setup();
    const notYet = await rejectionOf(createFunction(aws, 'fn', 'arn:aws:iam::123456789012:role/missing'));
    expect(notYet).toBeInstanceOf(InvalidParameterValueException);
    const roleArn = await createRole(aws, 'r');
    await createFunction(aws, 'fn', roleArn);
    await waitUntilFunctionActiveV2({ client: aws.lambda, maxWaitTime: 60 }, { FunctionName: 'fn' });
    const { Configuration } = await aws.lambda.send(new GetFunctionCommand({ FunctionName: 'fn' }));
    expect(Configuration).toMatchObject({
      State: 'Active',
      LastUpdateStatus: 'Successful',
      CodeSha256: createHash('sha256').update(zip('fn')).digest('base64'),
      Role: roleArn,
      Timeout: 3,
      MemorySize: 128,
    });
    expect(await rejectionOf(createFunction(aws, 'fn', roleArn))).toBeInstanceOf(ResourceConflictException);
  });

  it('rejects a configuration update while a code update is still in progress, as Lambda does', async () => {
    const { aws } = setup();
    await createFunction(aws, 'fn', await createRole(aws, 'r'));
    await aws.lambda.send(new GetFunctionCommand({ FunctionName: 'fn' }));
    await aws.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'fn', ZipFile: zip('v2') }));
    const update = () => aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fn', Environment: { Variables: { A: '1' } } }));
    expect(await rejectionOf(update())).toBeInstanceOf(ResourceConflictException);
    await waitUntilFunctionUpdatedV2({ client: aws.lambda, maxWaitTime: 60 }, { FunctionName: 'fn' });
    await update();
    const { Configuration } = await aws.lambda.send(new GetFunctionCommand({ FunctionName: 'fn' }));
    expect(Configuration?.Environment).toEqual({ Variables: { A: '1' } });
  });

  it('keeps a resource policy with unique statement ids and an event invoke config', async () => {
    const { aws } = setup();
    await createFunction(aws, 'fn', await createRole(aws, 'r'));
    expect(await rejectionOf(aws.lambda.send(new GetPolicyCommand({ FunctionName: 'fn' })))).toBeInstanceOf(FunctionNotFoundException);
    const permission = {
      FunctionName: 'fn',
      StatementId: 'api',
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      SourceArn: 'arn:aws:execute-api:us-east-1:123456789012:abc/*',
    };
    await aws.lambda.send(new AddPermissionCommand(permission));
    expect(await rejectionOf(aws.lambda.send(new AddPermissionCommand(permission)))).toBeInstanceOf(ResourceConflictException);
    const { Policy } = await aws.lambda.send(new GetPolicyCommand({ FunctionName: 'fn' }));
    expect(JSON.parse(Policy ?? '').Statement).toEqual([
      expect.objectContaining({ Sid: 'api', Principal: { Service: 'apigateway.amazonaws.com' }, Condition: { ArnLike: { 'AWS:SourceArn': permission.SourceArn } } }),
    ]);

    expect(await rejectionOf(aws.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'fn' })))).toBeInstanceOf(FunctionNotFoundException);
    await aws.lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fn', MaximumRetryAttempts: 1 }));
    const config = await aws.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'fn' }));
    expect(config).toMatchObject({ MaximumRetryAttempts: 1, FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST' });
  });
});

describe('logs', () => {
  it('creates a log group once, with tags and retention, and finds it by prefix', async () => {
    const { aws } = setup();
    const logGroupName = '/aws/lambda/fn';
    await aws.logs.send(new CreateLogGroupCommand({ logGroupName, tags: { 'rekog-deploy:stack': 'demo' } }));
    expect(await rejectionOf(aws.logs.send(new CreateLogGroupCommand({ logGroupName })))).toBeInstanceOf(ResourceAlreadyExistsException);
    await aws.logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: 14 }));
    const { logGroups } = await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(logGroups).toEqual([expect.objectContaining({ logGroupName, retentionInDays: 14, arn: `arn:aws:logs:us-east-1:123456789012:log-group:${logGroupName}:*` })]);
    const { tags } = await aws.logs.send(new ListLogTagsCommand({ resourceArn: logGroups?.[0].logGroupArn }));
    expect(tags).toEqual({ 'rekog-deploy:stack': 'demo' });
    await aws.logs.send(new DeleteLogGroupCommand({ logGroupName }));
    expect(await rejectionOf(aws.logs.send(new DeleteLogGroupCommand({ logGroupName })))).toBeInstanceOf(LogsNotFoundException);
  });
});

describe('api gateway', () => {
  const definition = {
    openapi: '3.0.1',
    info: { title: 'demo-api' },
    paths: { '/detect-labels': { post: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn' } } } },
  };

  it('imports a definition, deploys it to a stage and throttles the stage', async () => {
    const { aws } = setup();
    const { id: restApiId } = await aws.apigateway.send(
      new CreateRestApiCommand({ name: 'demo-api', tags: { 'rekog-deploy:stack': 'demo' }, endpointConfiguration: { types: ['REGIONAL'] } }),
    );
    const empty = await rejectionOf(aws.apigateway.send(new CreateDeploymentCommand({ restApiId })));
    expect(empty).toBeInstanceOf(BadRequestException);
    await aws.apigateway.send(new PutRestApiCommand({ restApiId, mode: 'overwrite', body: Buffer.from(JSON.stringify(definition)) }));
    const { id: deploymentId } = await aws.apigateway.send(new CreateDeploymentCommand({ restApiId, description: 'v1' }));

    const missing = await rejectionOf(aws.apigateway.send(new GetStageCommand({ restApiId, stageName: 'prod' })));
    expect(missing).toBeInstanceOf(ApiNotFoundException);
    expect(missing.name).toBe('NotFoundException');
    await aws.apigateway.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId }));
    const clash = await rejectionOf(aws.apigateway.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId })));
    expect(clash).toBeInstanceOf(ConflictException);

    await aws.apigateway.send(
      new UpdateStageCommand({
        restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '10' },
          { op: 'replace', path: '/*/*/throttling/burstLimit', value: '20' },
        ],
      }),
    );
    const stage = await aws.apigateway.send(new GetStageCommand({ restApiId, stageName: 'prod' }));
    expect(stage.deploymentId).toBe(deploymentId);
    expect(stage.methodSettings?.['*/*']).toMatchObject({ throttlingRateLimit: 10, throttlingBurstLimit: 20 });

    const stageArn = `arn:aws:apigateway:us-east-1::/restapis/${restApiId}/stages/prod`;
    await aws.apigateway.send(new TagApiCommand({ resourceArn: stageArn, tags: { a: '1' } }));
    expect((await aws.apigateway.send(new GetTagsCommand({ resourceArn: stageArn }))).tags).toEqual({ a: '1' });
  });

  it('pages GetRestApis', async () => {
    const { aws, fake } = setup();
    for (const name of ['a', 'b', 'c']) await fake.seed.restApi(name);
    const names = [];
    for await (const page of paginateGetRestApis({ client: aws.apigateway, pageSize: 2 }, {})) names.push(...(page.items ?? []).map((api) => api.name));
    expect(names.sort()).toEqual(['a', 'b', 'c']);
    expect((await aws.apigateway.send(new GetRestApisCommand({ limit: 2 }))).position).toEqual(expect.any(String));
  });
});

describe('cloudwatch', () => {
  it('puts, finds, keeps creation tags and deletes alarms', async () => {
    const { aws } = setup();
    const alarm = {
      AlarmName: 'demo-errors',
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum' as const,
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold' as const,
    };
    await aws.cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, Tags: STACK_TAG }));
    await aws.cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, Threshold: 2, Tags: [{ Key: 'ignored', Value: 'on update' }] }));
    const { MetricAlarms } = await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'demo-' }));
    expect(MetricAlarms).toEqual([expect.objectContaining({ AlarmName: 'demo-errors', Threshold: 2 })]);
    const { Tags } = await aws.cloudwatch.send(new ListAlarmTagsCommand({ ResourceARN: MetricAlarms?.[0].AlarmArn }));
    expect(Tags).toEqual(STACK_TAG);
    await aws.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ['demo-errors'] }));
    expect((await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: ['demo-errors'] }))).MetricAlarms).toEqual([]);
  });
});

describe('snapshot', () => {
  /** A small deployment whose API id ends up in a Lambda permission and in a site file. */
  async function deploy(aws: Clients, order: 'forward' | 'backward'): Promise<void> {
    const roles = ['r1', 'r2'];
    for (const role of order === 'forward' ? roles : [...roles].reverse()) await createRole(aws, role);
    await createFunction(aws, 'fn', 'arn:aws:iam::123456789012:role/r1');
    const { id } = await aws.apigateway.send(new CreateRestApiCommand({ name: 'api' }));
    const statements = ['b', 'a'];
    for (const sid of order === 'forward' ? statements : [...statements].reverse()) {
      await aws.lambda.send(
        new AddPermissionCommand({
          FunctionName: 'fn',
          StatementId: sid,
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          SourceArn: `arn:aws:execute-api:us-east-1:123456789012:${id}/*`,
        }),
      );
    }
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'site' }));
    await aws.s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'config.js', Body: `window.API = "https://${id}.execute-api.us-east-1.amazonaws.com/prod";` }));
    await aws.s3.send(new PutBucketTaggingCommand({ Bucket: 'site', Tagging: { TagSet: STACK_TAG } }));
    const { TopicArn } = await aws.sns.send(new CreateTopicCommand({ Name: 'n' }));
    await aws.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:123456789012:function:fn' }));
  }

  it('is equal for two runs that made the same things in a different order at a different time', async () => {
    const first = setup({ clock: new SimulatedClock(Date.parse('2024-01-01T00:00:00Z')) });
    const second = setup({ clock: new SimulatedClock(Date.parse('2025-06-01T12:00:00Z')) });
    await deploy(first.aws, 'forward');
    await deploy(second.aws, 'backward');

    expect(second.fake.snapshot()).toEqual(first.fake.snapshot());
    const text = JSON.stringify(first.fake.snapshot());
    expect(text).toContain('<rest-api:api>');
    expect(text).not.toMatch(/2024-01-01|AROA/);
  });

  it('differs when a setting differs', async () => {
    const first = setup();
    const second = setup();
    await createRole(first.aws, 'r');
    await createRole(second.aws, 'r');
    await second.aws.iam.send(new TagRoleCommand({ RoleName: 'r', Tags: [{ Key: 'extra', Value: '1' }] }));
    expect(second.fake.snapshot()).not.toEqual(first.fake.snapshot());
  });

  it('counts top-level resources, and not another account\'s bucket', async () => {
    const { aws, fake } = setup();
    fake.seed.foreignBucket('taken');
    await fake.seed.role('theirs');
    await fake.seed.table('t');
    fake.seed.function('f');
    await fake.seed.logGroup('/aws/lambda/f');
    await createRole(aws, 'ours');
    expect(fake.resources()).toEqual(['dynamodb:table:t', 'iam:role:ours', 'iam:role:theirs', 'lambda:function:f', 'logs:log-group:/aws/lambda/f']);
    expect(fake.resourceCount()).toBe(5);
    const { Tags } = await aws.iam.send(new ListRoleTagsCommand({ RoleName: 'theirs' }));
    expect(Tags).toEqual([]);
  });
});

describe('callCounter and faultInjector', () => {
  it('tells reads from writes', async () => {
    const counter = callCounter();
    const { aws } = setup({}, [counter.hook]);
    await aws.sts.send(new GetCallerIdentityCommand({}));
    await createRole(aws, 'r');
    await aws.iam.send(new GetRoleCommand({ RoleName: 'r' }));
    await aws.s3.send(new HeadBucketCommand({ Bucket: 'nope' })).catch(() => undefined);
    expect(counter.reads().map((call) => call.operation)).toEqual(['GetCallerIdentity', 'GetRole', 'HeadBucket']);
    expect(counter.writes().map((call) => call.operation)).toEqual(['CreateRole']);
    counter.reset();
    expect(counter.calls).toEqual([]);
  });

  it('fails the k-th call before it reaches the fake, with the service\'s own exception class', async () => {
    const fault = faultInjector({ failAt: 2 });
    const { aws, fake } = setup({}, [fault.hook]);
    await aws.sts.send(new GetCallerIdentityCommand({}));
    const error = await rejectionOf(createRole(aws, 'r'));
    expect(error).toBeInstanceOf(IAMServiceException);
    expect(error.name).toBe('ServiceUnavailable');
    expect(error.$metadata?.httpStatusCode).toBe(503);
    expect(fault.failed?.operation).toBe('CreateRole');
    expect(fake.resources()).toEqual([]);
    await createRole(aws, 'r');
    expect(fault.count).toBe(3);
  });

  it('can lose the answer after the work was done', async () => {
    const fault = faultInjector({ failAt: 1, when: 'after' });
    const { aws, fake } = setup({}, [fault.hook]);
    const error = await rejectionOf(createRole(aws, 'r'));
    expect(error.name).toBe('TimeoutError');
    expect(fake.resources()).toEqual(['iam:role:r']);
  });
});
