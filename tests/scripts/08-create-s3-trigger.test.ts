import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import {
  GetBucketNotificationConfigurationCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  PutBucketNotificationConfigurationCommand,
  type FilterRuleName,
  type NotificationConfiguration,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { uploadTrigger } from '../../scripts/08-create-s3-trigger';
import { DeployError } from '../../scripts/lib/engine/errors';
import { stackTags, tagList } from '../../scripts/lib/builders/tags';
import { awsError, s3Error, writeCommands } from '../support/aws-errors';
import { testContext } from '../support/context';

const ACCOUNT = '123456789012';
const BUCKET = `rekog-uploads-${ACCOUNT}-us-east-1`;
const FUNCTION = 'rekog-process-image-upload';
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FUNCTION}`;
const STATEMENT_ID = 's3-invoke-from-upload-bucket';

/** The function policy as Lambda returns it after AddPermission. */
function functionPolicy(sourceArn = `arn:aws:s3:::${BUCKET}`) {
  const statement = {
    Sid: STATEMENT_ID,
    Effect: 'Allow',
    Principal: { Service: 's3.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: FUNCTION_ARN,
    Condition: { StringEquals: { 'AWS:SourceAccount': ACCOUNT }, ArnLike: { 'AWS:SourceArn': sourceArn } },
  };
  return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [statement] }) };
}

/** The notification as S3 hands it back: filter rule names capitalised, which the SDK's type does not foresee. */
function notification(prefix = 'uploads/'): NotificationConfiguration {
  return {
    LambdaFunctionConfigurations: [
      {
        Id: 'process-image-upload',
        LambdaFunctionArn: FUNCTION_ARN,
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'Prefix' as FilterRuleName, Value: prefix }] } },
      },
    ],
  };
}

describe('08 create-s3-trigger', () => {
  const ctx = testContext();
  const inputs = {} as Parameters<typeof uploadTrigger.ensure>[1];
  const s3 = mockClient(ctx.clients.s3);
  const lambda = mockClient(ctx.clients.lambda);
  beforeEach(() => {
    s3.reset();
    lambda.reset();
    inputs['create-bucket-with-cors'] = { uploadBucket: BUCKET, uploadBucketArn: `arn:aws:s3:::${BUCKET}` };
    inputs['create-function'] = {
      functions: {
        'generate-upload-url': { name: 'rekog-generate-upload-url', arn: 'arn:aws:lambda:us-east-1:123456789012:function:rekog-generate-upload-url', codeSha256: 'a' },
        'process-image-upload': { name: FUNCTION, arn: FUNCTION_ARN, codeSha256: 'b' },
        'detect-labels': { name: 'rekog-detect-labels', arn: 'arn:aws:lambda:us-east-1:123456789012:function:rekog-detect-labels', codeSha256: 'c' },
      },
    };
  });

  function noTriggerYet() {
    lambda.on(GetPolicyCommand).rejects(awsError(ResourceNotFoundException, 404));
    s3.on(GetBucketNotificationConfigurationCommand).resolves({});
  }

  function existingTrigger() {
    lambda.on(GetPolicyCommand).resolves(functionPolicy());
    s3.on(GetBucketNotificationConfigurationCommand).resolves(notification());
  }

  describe('ensure', () => {
    test('a missing trigger: S3 may invoke the function (from this bucket and account only), then the notification is set', async () => {
      noTriggerYet();
      const result = await uploadTrigger.ensure(ctx, inputs);

      expect(result).toMatchObject({ action: 'created', outputs: { events: ['s3:ObjectCreated:*'], prefix: 'uploads/' } });
      expect(lambda.commandCalls(AddPermissionCommand)[0].args[0].input).toEqual({
        FunctionName: FUNCTION,
        StatementId: STATEMENT_ID,
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: `arn:aws:s3:::${BUCKET}`,
        SourceAccount: ACCOUNT,
      });
      expect(s3.commandCalls(PutBucketNotificationConfigurationCommand)[0].args[0].input).toEqual({
        Bucket: BUCKET,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            {
              Id: 'process-image-upload',
              LambdaFunctionArn: FUNCTION_ARN,
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
            },
          ],
        },
      });
    });

    test('second up makes no write calls: S3 handing back "Prefix" capitalised is not drift', async () => {
      existingTrigger();
      const result = await uploadTrigger.ensure(ctx, inputs);
      expect(result.action).toBe('unchanged');
      expect(writeCommands(s3, lambda)).toEqual([]);
    });

    test('a drifted notification is the only thing written back', async () => {
      existingTrigger();
      s3.on(GetBucketNotificationConfigurationCommand).resolves(notification('images/'));
      const result = await uploadTrigger.ensure(ctx, inputs);
      expect(result).toMatchObject({ action: 'updated', changes: ['notification'] });
      expect(writeCommands(s3, lambda)).toEqual(['PutBucketNotificationConfigurationCommand']);
    });

    test('a permission for another source is replaced; the notification is left alone', async () => {
      existingTrigger();
      lambda.on(GetPolicyCommand).resolves(functionPolicy('arn:aws:s3:::someone-elses-bucket'));
      const result = await uploadTrigger.ensure(ctx, inputs);
      expect(result).toMatchObject({ action: 'updated', changes: ['invoke permission updated'] });
      expect(writeCommands(s3, lambda)).toEqual(['RemovePermissionCommand', 'AddPermissionCommand']);
    });
  });

  describe('ensure, while a new permission propagates', () => {
    test('InvalidArgument right after the permission was added is retried, and the notification is set', async () => {
      noTriggerYet();
      s3.on(PutBucketNotificationConfigurationCommand).rejectsOnce(s3Error('InvalidArgument', 400)).resolves({});
      const result = await uploadTrigger.ensure(ctx, inputs);
      expect(result.action).toBe('created');
      expect(s3.commandCalls(PutBucketNotificationConfigurationCommand)).toHaveLength(2);
    });

    test('InvalidArgument for a whole minute gives up with WAIT_TIMED_OUT, saying what it waited for', async () => {
      noTriggerYet();
      s3.on(PutBucketNotificationConfigurationCommand).rejects(s3Error('InvalidArgument', 400));
      const started = ctx.clock.now();
      const error = await uploadTrigger.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeployError);
      expect(error).toMatchObject({ code: 'WAIT_TIMED_OUT', message: expect.stringContaining('S3 to see the permission to invoke rekog-process-image-upload') });
      expect(ctx.clock.now() - started).toBeGreaterThanOrEqual(60_000);
    });

    test('when the permission already existed, InvalidArgument is a real error: thrown at once', async () => {
      existingTrigger();
      s3.on(GetBucketNotificationConfigurationCommand).resolves({});
      s3.on(PutBucketNotificationConfigurationCommand).rejects(s3Error('InvalidArgument', 400));
      await expect(uploadTrigger.ensure(ctx, inputs)).rejects.toMatchObject({ name: 'InvalidArgument' });
      expect(s3.commandCalls(PutBucketNotificationConfigurationCommand)).toHaveLength(1);
      expect(writeCommands(lambda)).toEqual([]);
    });
  });

  describe('destroy', () => {
    test('with no bucket and no permission there is nothing to do: absent', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('NotFound', 404));
      lambda.on(GetPolicyCommand).rejects(awsError(ResourceNotFoundException, 404));
      lambda.on(RemovePermissionCommand).rejects(awsError(ResourceNotFoundException, 404));
      const result = await uploadTrigger.destroy(ctx, { keepData: false });
      expect(result.action).toBe('absent');
      expect(writeCommands(s3, lambda)).toEqual([]);
    });

    test('the notification of our bucket is cleared and the invoke permission removed', async () => {
      s3.on(HeadBucketCommand).resolves({});
      s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagList(stackTags('rekog')) });
      s3.on(GetBucketNotificationConfigurationCommand).resolves(notification());
      lambda.on(GetPolicyCommand).resolves(functionPolicy());
      lambda.on(RemovePermissionCommand).resolves({});
      const result = await uploadTrigger.destroy(ctx, { keepData: false });
      const trigger = `${BUCKET} → ${FUNCTION}`;
      expect(result).toMatchObject({ action: 'deleted', deleted: [{ kind: 'S3 trigger', name: trigger }, { kind: 'Invoke permission', name: trigger }] });
      expect(s3.commandCalls(PutBucketNotificationConfigurationCommand)[0].args[0].input).toEqual({ Bucket: BUCKET, NotificationConfiguration: {} });
      expect(lambda.commandCalls(RemovePermissionCommand)[0].args[0].input).toEqual({ FunctionName: FUNCTION, StatementId: STATEMENT_ID });
    });

    test('the notification of a same-named bucket without the stack tag is left alone', async () => {
      s3.on(HeadBucketCommand).resolves({});
      s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'team', Value: 'media' }] });
      s3.on(GetBucketNotificationConfigurationCommand).resolves(notification());
      await uploadTrigger.destroy(ctx, { keepData: false });
      expect(writeCommands(s3)).toEqual([]);
    });
  });
});
