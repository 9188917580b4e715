import {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
} from '@aws-sdk/client-s3';
import { bucketPresence } from './lib/bucket';
import { uploadNotification } from './lib/bucket-config';
import { need, type Context } from './lib/context';
import { matchesDesired } from './lib/documents';
import { ensureInvokePermission, permissionDrift, removeInvokePermission, type InvokePermission } from './lib/lambda-permission';
import { UPLOAD_PREFIX } from './lib/names';
import { retryWhile } from './lib/retry';
import { runStepDirectly } from './lib/run-directly';
import type { Step } from './lib/step';
import { arns } from './lib/arns';

const STATEMENT_ID = 's3-invoke-from-upload-bucket';
const EVENTS = ['s3:ObjectCreated:*'];

function invokePermission(ctx: Context): InvokePermission {
  return {
    functionName: ctx.names.functions['process-image-upload'],
    statementId: STATEMENT_ID,
    principal: 's3.amazonaws.com',
    sourceArn: arns.bucket(ctx.scope, ctx.names.uploadBucket),
    sourceAccount: ctx.scope.accountId,
  };
}

/** S3 hands filter rule names back capitalised (`Prefix`) though it takes them in any case. */
function normaliseNotification(configuration: NotificationConfiguration | undefined): unknown {
  return {
    LambdaFunctionConfigurations: (configuration?.LambdaFunctionConfigurations ?? []).map((item) => ({
      ...item,
      Filter: { Key: { FilterRules: (item.Filter?.Key?.FilterRules ?? []).map((rule) => ({ ...rule, Name: rule.Name?.toLowerCase() })) } },
    })),
  };
}

async function readNotification(ctx: Context): Promise<NotificationConfiguration> {
  return ctx.clients.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: ctx.names.uploadBucket }));
}

function notificationMatches(ctx: Context, current: NotificationConfiguration): boolean {
  const desired = uploadNotification(arns.function(ctx.scope, ctx.names.functions['process-image-upload']));
  return matchesDesired(normaliseNotification(current), desired) && !current.QueueConfigurations?.length && !current.TopicConfigurations?.length;
}

export const createS3Trigger: Step<'create-s3-trigger'> = {
  name: 'create-s3-trigger',
  description: 'S3 invokes process-image-upload for every object created under uploads/',
  dependsOn: ['create-bucket-with-cors', 'create-function'],

  async ensure(ctx) {
    const functionArn = need(ctx, 'create-function').functions['process-image-upload'].arn;
    need(ctx, 'create-bucket-with-cors');
    const permission = await ensureInvokePermission(ctx, invokePermission(ctx));
    const current = await readNotification(ctx);
    const notificationChanged = !notificationMatches(ctx, current);
    if (notificationChanged) {
      await retryWhile(
        {
          // "Unable to validate the following destination configurations": the new permission has not reached S3 yet.
          names: ['InvalidArgument'],
          when: () => permission !== 'unchanged',
          giveUp: 'S3 could not validate the Lambda destination yet; run the command again in a minute',
        },
        () =>
          ctx.clients.s3.send(
            new PutBucketNotificationConfigurationCommand({ Bucket: ctx.names.uploadBucket, NotificationConfiguration: uploadNotification(functionArn) }),
          ),
        ctx.retryPolicy,
      );
    }
    const changes = [...(permission !== 'unchanged' ? [`invoke permission ${permission}`] : []), ...(notificationChanged ? ['notification'] : [])];
    const created = permission === 'created' && !current.LambdaFunctionConfigurations?.length;
    return { action: created ? 'created' : changes.length ? 'updated' : 'unchanged', outputs: { events: EVENTS, prefix: UPLOAD_PREFIX }, changes };
  },

  async destroy(ctx) {
    const deleted: string[] = [];
    if ((await bucketPresence(ctx, ctx.names.uploadBucket)) === 'ours') {
      const current = await readNotification(ctx);
      if (current.LambdaFunctionConfigurations?.length) {
        await ctx.clients.s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: ctx.names.uploadBucket, NotificationConfiguration: {} }));
        deleted.push('upload notification');
      }
    }
    if (await removeInvokePermission(ctx, invokePermission(ctx))) deleted.push('S3 invoke permission');
    return { action: deleted.length ? 'deleted' : 'absent', deleted };
  },

  async inspect(ctx) {
    const name = `${ctx.names.uploadBucket} → ${ctx.names.functions['process-image-upload']}`;
    if ((await bucketPresence(ctx, ctx.names.uploadBucket)) !== 'ours') return { resources: [{ kind: 'S3 trigger', name, state: 'missing' }] };
    const current = await readNotification(ctx);
    const permission = await permissionDrift(ctx, invokePermission(ctx));
    const missing = !current.LambdaFunctionConfigurations?.length && permission === 'missing';
    const drift = [...(notificationMatches(ctx, current) ? [] : ['notification']), ...(permission !== 'present' ? [`invoke permission ${permission}`] : [])];
    return {
      resources: [{ kind: 'S3 trigger', name, state: missing ? 'missing' : drift.length ? 'drifted' : 'present', drift: drift.length && !missing ? drift : undefined }],
      outputs: missing || drift.length ? undefined : { events: EVENTS, prefix: UPLOAD_PREFIX },
    };
  },
};

if (require.main === module) runStepDirectly(createS3Trigger);
