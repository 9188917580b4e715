import {
  InvalidParameterValueException,
  PreconditionFailedException,
  ResourceConflictException,
  ResourceNotFoundException,
  type AddPermissionCommandInput,
  type AddPermissionCommandOutput,
  type CreateFunctionCommandInput,
  type DeleteFunctionCommandInput,
  type DestinationConfig,
  type FunctionCode,
  type FunctionConfiguration,
  type GetFunctionCommandInput,
  type GetFunctionCommandOutput,
  type GetFunctionEventInvokeConfigCommandInput,
  type GetFunctionEventInvokeConfigCommandOutput,
  type GetPolicyCommandInput,
  type GetPolicyCommandOutput,
  type ListTagsCommandInput,
  type ListTagsCommandOutput,
  type PutFunctionEventInvokeConfigCommandInput,
  type RemovePermissionCommandInput,
  type Runtime,
  type TagResourceCommandInput,
  type UntagResourceCommandInput,
  type UpdateFunctionCodeCommandInput,
  type UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import type { FakeContext, Operations, Out } from './context';
import { awsError } from './errors';
import { allowsS3, statementOf, type PolicyStatement } from './lambda-policy';
import { stillWithin } from './realities';
import { queueExists } from './sqs';
import { copy, sha256Base64, withoutKeys, type TagMap } from './util';

export interface EventInvokeConfig {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: DestinationConfig;
  lastModified: Date;
}

export interface FunctionRecord {
  name: string;
  arn: string;
  runtime?: Runtime;
  role: string;
  handler?: string;
  description: string;
  timeout: number;
  memorySize: number;
  environment: Record<string, string>;
  code: Buffer;
  codeSha256: string;
  architectures: string[];
  ephemeralStorage: number;
  logGroup: string;
  lastModified: Date;
  revisionId: string;
  /** Set by a create or an update; the next read sees it finished, as a waiter would. */
  settling?: 'creating' | 'updating';
  tags: TagMap;
  statements: PolicyStatement[];
  /** When each statement was added (by Sid): S3 does not see a permission at once. */
  statementsAddedAt: Map<string, number>;
  eventInvokeConfig?: EventInvokeConfig;
  /** Creation failed: the function ends in state Failed with this reason. */
  failure?: { reasonCode: string; reason: string };
  reservedConcurrency?: number;
}

export interface LambdaState {
  functions: Map<string, FunctionRecord>;
}

export function createLambdaState(): LambdaState {
  return { functions: new Map() };
}

/** A function name, a full ARN or a partial one (`123456789012:function:name`), qualifier dropped. */
function nameOf(identifier: string | undefined): string {
  const match = /(?:^|:)function:([^:]+)/.exec(identifier ?? '');
  return match ? match[1] : (identifier ?? '');
}

/** Whether S3 may invoke the function, as far as S3 can see yet: a permission added within `propagationMs` is not visible. */
export function invokableByS3(state: LambdaState, functionArn: string, bucket: string, accountId: string, now: Date, propagationMs: number): boolean {
  const record = state.functions.get(nameOf(functionArn));
  const visible = record?.statements.filter((statement) => !stillWithin(now, record.statementsAddedAt.get(statement.Sid), propagationMs)) ?? [];
  return allowsS3(visible, bucket, accountId);
}

function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** A new function as CreateFunction makes it; also used to seed functions that are not the engine's. */
export function functionRecord(ctx: FakeContext, input: CreateFunctionCommandInput, role: string, code: Buffer): FunctionRecord {
  const name = input.FunctionName ?? '';
  return {
    name,
    arn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`,
    runtime: input.Runtime,
    role,
    handler: input.Handler,
    description: input.Description ?? '',
    timeout: input.Timeout ?? 3,
    memorySize: input.MemorySize ?? 128,
    environment: { ...input.Environment?.Variables },
    code,
    codeSha256: sha256Base64(code),
    architectures: input.Architectures ?? ['x86_64'],
    ephemeralStorage: input.EphemeralStorage?.Size ?? 512,
    logGroup: input.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`,
    lastModified: ctx.now(),
    revisionId: randomUUID(),
    tags: { ...input.Tags },
    statements: [],
    statementsAddedAt: new Map(),
  };
}

export function lambdaOperations(ctx: FakeContext): Operations {
  const { functions } = ctx.state.lambda;

  function find(identifier: string | undefined): FunctionRecord {
    const record = functions.get(nameOf(identifier));
    if (!record) {
      throw awsError(ResourceNotFoundException, 404, `Function not found: arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${nameOf(identifier)}`);
    }
    return record;
  }

  function settled(record: FunctionRecord): FunctionRecord {
    record.settling = undefined;
    return record;
  }

  function notSettling(record: FunctionRecord): void {
    if (record.settling === 'creating') {
      throw awsError(ResourceConflictException, 409, 'The operation cannot be performed at this time. The function is currently in the following state: Pending');
    }
    if (record.settling === 'updating') {
      throw awsError(ResourceConflictException, 409, `The operation cannot be performed at this time. An update is in progress for resource: ${record.arn}`);
    }
  }

  function changed(record: FunctionRecord, settling: FunctionRecord['settling']): void {
    record.lastModified = ctx.now();
    record.revisionId = randomUUID();
    record.settling = settling;
  }

  function checkRole(roleArn: string | undefined): string {
    const role = [...ctx.state.iam.roles.values()].find((candidate) => candidate.arn === roleArn);
    const propagating = stillWithin(ctx.now(), role?.trustChangedAt, ctx.realities.rolePropagationMs);
    if (!role || !role.assumeRolePolicy.includes('lambda.amazonaws.com') || propagating) {
      throw awsError(InvalidParameterValueException, 400, 'The role defined for the function cannot be assumed by Lambda.');
    }
    return role.arn;
  }

  /** Lambda checks, when the config is put, that the queue exists and the function's role may send to it. */
  function checkDestination(record: FunctionRecord, queueArn: string): void {
    const role = [...ctx.state.iam.roles.values()].find((candidate) => candidate.arn === record.role);
    const granted = [...(role?.inlinePolicies.values() ?? [])].some((document) => document.includes('sqs:SendMessage') && document.includes(queueArn));
    const propagating = stillWithin(ctx.now(), role?.policiesChangedAt, ctx.realities.rolePropagationMs);
    if (!queueExists(ctx.state.sqs, queueArn) || !granted || propagating) {
      throw awsError(InvalidParameterValueException, 400, `The function's execution role does not have permissions to call SendMessage on ${queueArn}`);
    }
  }

  function codeOf(code: FunctionCode | UpdateFunctionCodeCommandInput): Buffer {
    let bytes: Buffer | undefined;
    if (code.ZipFile) bytes = Buffer.from(code.ZipFile);
    else if (code.S3Bucket && code.S3Key) bytes = ctx.state.s3.buckets.get(code.S3Bucket)?.objects.get(code.S3Key)?.[0]?.body;
    if (!bytes || bytes.subarray(0, 2).toString() !== 'PK') {
      throw awsError(InvalidParameterValueException, 400, 'Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
    return bytes;
  }

  function checkRevision(record: FunctionRecord, revisionId: string | undefined): void {
    if (revisionId && revisionId !== record.revisionId) {
      throw awsError(
        PreconditionFailedException,
        412,
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      );
    }
  }

  function configuration(record: FunctionRecord): FunctionConfiguration {
    const creating = record.settling === 'creating';
    const updating = record.settling === 'updating';
    const failed = !creating && record.failure;
    return {
      FunctionName: record.name,
      FunctionArn: record.arn,
      Runtime: record.runtime,
      Role: record.role,
      Handler: record.handler,
      CodeSize: record.code.length,
      Description: record.description,
      Timeout: record.timeout,
      MemorySize: record.memorySize,
      LastModified: lambdaTimestamp(record.lastModified),
      CodeSha256: record.codeSha256,
      Version: '$LATEST',
      Environment: Object.keys(record.environment).length ? { Variables: { ...record.environment } } : undefined,
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: record.revisionId,
      State: creating ? 'Pending' : failed ? 'Failed' : 'Active',
      StateReason: creating ? 'The function is being created.' : failed ? failed.reason : undefined,
      StateReasonCode: creating ? 'Creating' : failed ? (failed.reasonCode as FunctionConfiguration['StateReasonCode']) : undefined,
      LastUpdateStatus: creating ? undefined : updating ? 'InProgress' : 'Successful',
      LastUpdateStatusReason: updating ? 'The function is being created.' : undefined,
      PackageType: 'Zip',
      Architectures: [...record.architectures] as FunctionConfiguration['Architectures'],
      EphemeralStorage: { Size: record.ephemeralStorage },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      RuntimeVersionConfig: { RuntimeVersionArn: `arn:aws:lambda:${ctx.region}::runtime:fake` },
      LoggingConfig: { LogFormat: 'Text', LogGroup: record.logGroup },
    };
  }

  function invokeConfig(record: FunctionRecord, config: EventInvokeConfig): Out<GetFunctionEventInvokeConfigCommandOutput> {
    const { lastModified, ...rest } = config;
    return { ...copy(rest), LastModified: lastModified, FunctionArn: `${record.arn}:$LATEST` };
  }

  return {
    GetFunction: (input: GetFunctionCommandInput): Out<GetFunctionCommandOutput> => {
      const record = settled(find(input.FunctionName));
      return {
        Configuration: configuration(record),
        Code: { RepositoryType: 'S3', Location: `https://awslambda-${ctx.region}-tasks.s3.${ctx.region}.amazonaws.com/snapshots/${ctx.accountId}/${record.name}` },
        Tags: Object.keys(record.tags).length ? { ...record.tags } : undefined,
        Concurrency: record.reservedConcurrency === undefined ? undefined : { ReservedConcurrentExecutions: record.reservedConcurrency },
      };
    },

    PutFunctionConcurrency: (input: { FunctionName?: string; ReservedConcurrentExecutions?: number }) => {
      const record = find(input.FunctionName);
      record.reservedConcurrency = input.ReservedConcurrentExecutions;
      return { ReservedConcurrentExecutions: record.reservedConcurrency };
    },

    GetFunctionConcurrency: (input: { FunctionName?: string }) => {
      const record = find(input.FunctionName);
      return record.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: record.reservedConcurrency };
    },

    DeleteFunctionConcurrency: (input: { FunctionName?: string }) => {
      find(input.FunctionName).reservedConcurrency = undefined;
      return {};
    },

    GetFunctionConfiguration: (input: { FunctionName?: string }): FunctionConfiguration => configuration(settled(find(input.FunctionName))),

    CreateFunction: (input: CreateFunctionCommandInput): FunctionConfiguration => {
      const name = input.FunctionName ?? '';
      if (functions.has(name)) throw awsError(ResourceConflictException, 409, `Function already exist: ${name}`);
      if (!input.Runtime || !input.Handler) {
        throw awsError(InvalidParameterValueException, 400, 'Runtime and Handler are mandatory parameters for functions created with deployment packages.');
      }
      const record = functionRecord(ctx, input, checkRole(input.Role), codeOf(input.Code ?? {}));
      record.settling = 'creating';
      record.failure = ctx.options.failingFunctions?.[name];
      functions.set(name, record);
      return configuration(record);
    },

    UpdateFunctionCode: (input: UpdateFunctionCodeCommandInput): FunctionConfiguration => {
      const record = find(input.FunctionName);
      notSettling(record);
      checkRevision(record, input.RevisionId);
      record.code = codeOf(input);
      record.codeSha256 = sha256Base64(record.code);
      if (input.Architectures) record.architectures = [...input.Architectures];
      changed(record, 'updating');
      return configuration(record);
    },

    UpdateFunctionConfiguration: (input: UpdateFunctionConfigurationCommandInput): FunctionConfiguration => {
      const record = find(input.FunctionName);
      notSettling(record);
      checkRevision(record, input.RevisionId);
      if (input.Role !== undefined) record.role = checkRole(input.Role);
      if (input.Runtime !== undefined) record.runtime = input.Runtime;
      if (input.Handler !== undefined) record.handler = input.Handler;
      if (input.Description !== undefined) record.description = input.Description;
      if (input.Timeout !== undefined) record.timeout = input.Timeout;
      if (input.MemorySize !== undefined) record.memorySize = input.MemorySize;
      if (input.Environment !== undefined) record.environment = { ...input.Environment.Variables };
      if (input.EphemeralStorage?.Size !== undefined) record.ephemeralStorage = input.EphemeralStorage.Size;
      if (input.LoggingConfig?.LogGroup !== undefined) record.logGroup = input.LoggingConfig.LogGroup;
      changed(record, 'updating');
      return configuration(record);
    },

    DeleteFunction: (input: DeleteFunctionCommandInput) => {
      functions.delete(find(input.FunctionName).name);
      return {};
    },

    ListTags: (input: ListTagsCommandInput): Out<ListTagsCommandOutput> => ({ Tags: { ...find(input.Resource).tags } }),

    TagResource: (input: TagResourceCommandInput) => {
      const record = find(input.Resource);
      record.tags = { ...record.tags, ...input.Tags };
      return {};
    },

    UntagResource: (input: UntagResourceCommandInput) => {
      const record = find(input.Resource);
      record.tags = withoutKeys(record.tags, input.TagKeys);
      return {};
    },

    GetPolicy: (input: GetPolicyCommandInput): Out<GetPolicyCommandOutput> => {
      const record = find(input.FunctionName);
      if (!record.statements.length) throw awsError(ResourceNotFoundException, 404, 'The resource you requested does not exist.');
      return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: record.statements }), RevisionId: record.revisionId };
    },

    AddPermission: (input: AddPermissionCommandInput): Out<AddPermissionCommandOutput> => {
      const record = find(input.FunctionName);
      checkRevision(record, input.RevisionId);
      if (record.statements.some((statement) => statement.Sid === input.StatementId)) {
        throw awsError(
          ResourceConflictException,
          409,
          `The statement id (${input.StatementId}) provided already exists. Please choose a new statement id, or remove the existing statement.`,
        );
      }
      const statement = statementOf(input, record.arn);
      record.statements.push(statement);
      record.statementsAddedAt.set(statement.Sid, ctx.now().getTime());
      record.revisionId = randomUUID();
      return { Statement: JSON.stringify(statement) };
    },

    RemovePermission: (input: RemovePermissionCommandInput) => {
      const record = find(input.FunctionName);
      checkRevision(record, input.RevisionId);
      if (!record.statements.some((statement) => statement.Sid === input.StatementId)) {
        throw awsError(ResourceNotFoundException, 404, `Statement ${input.StatementId} is not found in resource policy.`);
      }
      record.statements = record.statements.filter((statement) => statement.Sid !== input.StatementId);
      record.revisionId = randomUUID();
      return {};
    },

    GetFunctionEventInvokeConfig: (input: GetFunctionEventInvokeConfigCommandInput): Out<GetFunctionEventInvokeConfigCommandOutput> => {
      const record = find(input.FunctionName);
      if (!record.eventInvokeConfig) {
        throw awsError(ResourceNotFoundException, 404, `The function ${record.arn} doesn't have an EventInvokeConfig`);
      }
      return invokeConfig(record, record.eventInvokeConfig);
    },

    PutFunctionEventInvokeConfig: (input: PutFunctionEventInvokeConfigCommandInput): Out<GetFunctionEventInvokeConfigCommandOutput> => {
      const record = find(input.FunctionName);
      const destination = input.DestinationConfig?.OnFailure?.Destination;
      if (destination) checkDestination(record, destination);
      record.eventInvokeConfig = {
        MaximumRetryAttempts: input.MaximumRetryAttempts,
        MaximumEventAgeInSeconds: input.MaximumEventAgeInSeconds,
        DestinationConfig: copy(input.DestinationConfig) ?? { OnSuccess: {}, OnFailure: {} },
        lastModified: ctx.now(),
      };
      return invokeConfig(record, record.eventInvokeConfig);
    },

    DeleteFunctionEventInvokeConfig: (input: GetFunctionEventInvokeConfigCommandInput) => {
      const record = find(input.FunctionName);
      if (!record.eventInvokeConfig) {
        throw awsError(ResourceNotFoundException, 404, `The function ${record.arn} doesn't have an EventInvokeConfig`);
      }
      record.eventInvokeConfig = undefined;
      return {};
    },
  };
}

export function lambdaSnapshot(state: LambdaState): unknown {
  return Object.fromEntries(
    [...state.functions.values()].map((record) => {
      const { name, code, lastModified, revisionId, settling, statements, statementsAddedAt, eventInvokeConfig, ...rest } = record;
      const invokeConfig = eventInvokeConfig && { ...eventInvokeConfig, lastModified: undefined };
      // Statement order follows the order of AddPermission calls, which parallel steps do not fix.
      const sortedStatements = [...statements].sort((a, b) => a.Sid.localeCompare(b.Sid));
      return [name, { ...rest, statements: sortedStatements, eventInvokeConfig: invokeConfig }];
    }),
  );
}

export function lambdaResources(state: LambdaState): string[] {
  return [...state.functions.keys()].map((name) => `lambda:function:${name}`);
}
