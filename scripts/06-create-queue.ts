import { catalogued } from './step-catalogue';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { runStepDirectly } from './commands/step';
import { arns } from './lib/builders/arns';
import { stackTags } from './lib/builders/tags';
import type { Context } from './lib/engine/context';
import { unlessNotFound } from './lib/engine/errors';
import { assertOurs, Teardown } from './lib/engine/ownership';
import { applySettings, driftOf, type Setting } from './lib/engine/setting';
import { actionOf, defineStep, resourceState } from './lib/engine/step';
import { retryWhile } from './lib/engine/waits';

const KIND = 'SQS queue';
// SQS keeps a deleted queue's name for 60 seconds (CreateQueue answers QueueDeletedRecently).
const NAME_RELEASE_MS = 70_000;

export interface QueueOutputs {
  queueUrl: string;
  queueArn: string;
}

/** Kept as long as SQS allows (14 days), encrypted: the events are there to be looked at. */
export const FAILED_UPLOADS_QUEUE_ATTRIBUTES = { MessageRetentionPeriod: String(14 * 24 * 3600), SqsManagedSseEnabled: 'true' };

async function queueUrl(ctx: Context): Promise<string | undefined> {
  return (await unlessNotFound(() => ctx.clients.sqs.send(new GetQueueUrlCommand({ QueueName: ctx.names.failedUploadsQueue }))))?.QueueUrl;
}

async function queueTags(ctx: Context, QueueUrl: string) {
  return (await ctx.clients.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags;
}

function queueSettings(ctx: Context, QueueUrl: string): Setting[] {
  return [
    {
      label: 'retention and encryption',
      read: async () => (await ctx.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['MessageRetentionPeriod', 'SqsManagedSseEnabled'] }))).Attributes,
      desired: FAILED_UPLOADS_QUEUE_ATTRIBUTES,
      write: () => ctx.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: FAILED_UPLOADS_QUEUE_ATTRIBUTES })),
    },
  ];
}

function outputsOf(ctx: Context, url: string): QueueOutputs {
  return { queueUrl: url, queueArn: arns.queue(ctx.scope, ctx.names.failedUploadsQueue) };
}

export const failedUploadsQueue = defineStep({
  ...catalogued('create-queue'),
  dependsOn: [],

  async ensure(ctx) {
    const existing = await queueUrl(ctx);
    if (existing) assertOurs(KIND, ctx.names.failedUploadsQueue, await queueTags(ctx, existing), ctx.settings.stack);
    const url =
      existing ??
      (
        await retryWhile(
          ctx,
          {
            waitingFor: `SQS to release the name of the deleted queue ${ctx.names.failedUploadsQueue}`,
            names: ['QueueDeletedRecently'],
            withinMs: NAME_RELEASE_MS,
            advice: 'Run `rekog-deploy up` again in a minute.',
          },
          () =>
            ctx.clients.sqs.send(
              new CreateQueueCommand({ QueueName: ctx.names.failedUploadsQueue, Attributes: FAILED_UPLOADS_QUEUE_ATTRIBUTES, tags: stackTags(ctx.settings.stack) }),
            ),
        )
      ).QueueUrl ??
      '';
    const changes = existing ? await applySettings(queueSettings(ctx, existing)) : [];
    return { action: actionOf(!existing, changes), outputs: outputsOf(ctx, url), changes };
  },

  async destroy(ctx) {
    const teardown = new Teardown(ctx);
    const url = await queueUrl(ctx);
    if (url && teardown.ours(KIND, ctx.names.failedUploadsQueue, await queueTags(ctx, url))) {
      await unlessNotFound(() => ctx.clients.sqs.send(new DeleteQueueCommand({ QueueUrl: url })));
      teardown.removed(KIND, ctx.names.failedUploadsQueue);
    }
    return teardown.result();
  },

  async inspect(ctx) {
    const url = await queueUrl(ctx);
    if (!url) return { resources: [resourceState(KIND, ctx.names.failedUploadsQueue, false)] };
    const { Attributes } = await ctx.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
    const waiting = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
    return {
      resources: [resourceState(KIND, ctx.names.failedUploadsQueue, true, await driftOf(queueSettings(ctx, url)), `${waiting} failed upload event(s) waiting`)],
      outputs: outputsOf(ctx, url),
    };
  },
});

if (require.main === module) void runStepDirectly(failedUploadsQueue);
