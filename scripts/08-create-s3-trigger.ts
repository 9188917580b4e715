import { catalogued } from './step-catalogue';
import {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
} from '@aws-sdk/client-s3';
import { uploadBucket } from './03-create-bucket-with-cors';
import { lambdaFunctions } from './07-create-function';
import { runStepDirectly } from './commands/step';
import { arns } from './lib/builders/arns';
import { uploadNotification } from './lib/builders/bucket-config';
import { matchesDesired } from './lib/builders/documents';
import { UPLOAD_PREFIX } from './lib/builders/names';
import type { Context } from './lib/engine/context';
import { Teardown } from './lib/engine/ownership';
import { defineStep, resourceState } from './lib/engine/step';
import { retryWhile } from './lib/engine/waits';
import { readableBucketPresence } from './lib/resources/bucket';
import { ensureInvokePermission, INVOKE_PERMISSION_KIND, permissionDrift, removeInvokePermission, type InvokePermission } from './lib/resources/lambda-permission';

const KIND = 'S3 trigger';
const STATEMENT_ID = 's3-invoke-from-upload-bucket';
const EVENTS = ['s3:ObjectCreated:*'];
// S3 checks that it may invoke the function; a permission added a moment ago may not be visible yet.
const PERMISSION_PROPAGATION_MS = 60_000;

export interface TriggerOutputs {
  events: string[];
  prefix: string;
}

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

function triggerName(ctx: Context): string {
  return `${ctx.names.uploadBucket} → ${ctx.names.functions['process-image-upload']}`;
}

export const uploadTrigger = defineStep({
  ...catalogued('create-s3-trigger'),
  dependsOn: [uploadBucket, lambdaFunctions],

  async ensure(ctx, inputs) {
    const functionArn = inputs['create-function'].functions['process-image-upload'].arn;
    const permission = await ensureInvokePermission(ctx, invokePermission(ctx));
    const current = await readNotification(ctx);
    const notificationChanged = !notificationMatches(ctx, current);
    if (notificationChanged) {
      await retryWhile(
        ctx,
        {
          waitingFor: `S3 to see the permission to invoke ${ctx.names.functions['process-image-upload']}`,
          // "Unable to validate the following destination configurations".
          names: ['InvalidArgument'],
          when: () => permission !== 'unchanged',
          withinMs: PERMISSION_PROPAGATION_MS,
          advice: 'Run `rekog-deploy up` again in a minute.',
        },
        () =>
          ctx.clients.s3.send(
            new PutBucketNotificationConfigurationCommand({ Bucket: ctx.names.uploadBucket, NotificationConfiguration: uploadNotification(functionArn) }),
          ),
      );
    }
    const changes = [...(permission !== 'unchanged' ? [`invoke permission ${permission}`] : []), ...(notificationChanged ? ['notification'] : [])];
    const created = permission === 'created' && !current.LambdaFunctionConfigurations?.length;
    return { action: created ? 'created' : changes.length ? 'updated' : 'unchanged', outputs: { events: EVENTS, prefix: UPLOAD_PREFIX }, changes };
  },

  async destroy(ctx) {
    const teardown = new Teardown(ctx);
    if ((await readableBucketPresence(ctx, ctx.names.uploadBucket)) === 'ours') {
      const current = await readNotification(ctx);
      if (current.LambdaFunctionConfigurations?.length) {
        await ctx.clients.s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: ctx.names.uploadBucket, NotificationConfiguration: {} }));
        teardown.removed(KIND, triggerName(ctx));
      }
    }
    if (await removeInvokePermission(ctx, invokePermission(ctx))) teardown.removed(INVOKE_PERMISSION_KIND, triggerName(ctx));
    return teardown.result();
  },

  async inspect(ctx) {
    if ((await readableBucketPresence(ctx, ctx.names.uploadBucket)) !== 'ours') return { resources: [resourceState(KIND, triggerName(ctx), false)] };
    const current = await readNotification(ctx);
    const permission = await permissionDrift(ctx, invokePermission(ctx));
    const missing = !current.LambdaFunctionConfigurations?.length && permission === 'missing';
    const drift = [...(notificationMatches(ctx, current) ? [] : ['notification']), ...(permission !== 'present' ? [`invoke permission ${permission}`] : [])];
    return {
      resources: [resourceState(KIND, triggerName(ctx), !missing, drift)],
      outputs: missing || drift.length ? undefined : { events: EVENTS, prefix: UPLOAD_PREFIX },
    };
  },
});

if (require.main === module) void runStepDirectly(uploadTrigger);
