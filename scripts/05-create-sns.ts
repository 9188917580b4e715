import { catalogued } from './step-catalogue';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type Subscription,
} from '@aws-sdk/client-sns';
import { runStepDirectly } from './commands/step';
import { arns } from './lib/builders/arns';
import { stackTags, tagList, tagMapFromList } from './lib/builders/tags';
import type { Context } from './lib/engine/context';
import { unlessNotFound } from './lib/engine/errors';
import { assertOurs, Teardown } from './lib/engine/ownership';
import { defineStep, resourceState } from './lib/engine/step';

const KIND = 'SNS topic';
const SUBSCRIPTION_KIND = 'SNS subscription';
// An e-mail subscription has no ARN until its owner confirms it.
const PENDING = 'PendingConfirmation';

export interface TopicOutputs {
  topicArn: string;
  /** The e-mail subscription and its state, when an address was given. */
  subscription?: string;
}

function topicArn(ctx: Context): string {
  return arns.topic(ctx.scope, ctx.names.topic);
}

async function topicExists(ctx: Context): Promise<boolean> {
  return Boolean(await unlessNotFound(() => ctx.clients.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn(ctx) }))));
}

async function topicTags(ctx: Context) {
  const { Tags } = await ctx.clients.sns.send(new ListTagsForResourceCommand({ ResourceArn: topicArn(ctx) }));
  return tagMapFromList(Tags);
}

async function listSubscriptions(ctx: Context): Promise<Subscription[]> {
  const subscriptions: Subscription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ctx.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn(ctx), NextToken }));
    subscriptions.push(...(page.Subscriptions ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return subscriptions;
}

function subscriptionState(subscription: Subscription | undefined): string | undefined {
  if (!subscription) return undefined;
  return subscription.SubscriptionArn === PENDING ? `${subscription.Endpoint} (pending confirmation)` : `${subscription.Endpoint}`;
}

function findEmail(subscriptions: Subscription[], email: string): Subscription | undefined {
  return subscriptions.find((s) => s.Protocol === 'email' && s.Endpoint?.toLowerCase() === email.toLowerCase());
}

export const notificationTopic = defineStep({
  ...catalogued('create-sns'),
  dependsOn: [],

  async ensure(ctx) {
    const { sns } = ctx.clients;
    const TopicArn = topicArn(ctx);
    const exists = await topicExists(ctx);
    if (exists) {
      assertOurs(KIND, ctx.names.topic, await topicTags(ctx), ctx.settings.stack);
    } else {
      await sns.send(new CreateTopicCommand({ Name: ctx.names.topic, Attributes: { DisplayName: 'rekog' }, Tags: tagList(stackTags(ctx.settings.stack)) }));
    }
    const email = ctx.settings.notificationEmail;
    let subscription: string | undefined;
    const changes: string[] = [];
    if (email) {
      const existing = findEmail(await listSubscriptions(ctx), email);
      if (existing) {
        subscription = subscriptionState(existing);
      } else {
        await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: email }));
        subscription = `${email} (pending confirmation: check your inbox)`;
        changes.push(`subscribed ${email}`);
      }
    }
    const outputs: TopicOutputs = { topicArn: TopicArn, subscription };
    return { action: !exists ? 'created' : changes.length ? 'updated' : 'unchanged', outputs, changes };
  },

  async destroy(ctx) {
    const teardown = new Teardown(ctx);
    if (!(await topicExists(ctx)) || !teardown.ours(KIND, ctx.names.topic, await topicTags(ctx))) return teardown.result();
    for (const { SubscriptionArn, Endpoint } of await listSubscriptions(ctx)) {
      if (SubscriptionArn && SubscriptionArn !== PENDING) {
        await unlessNotFound(() => ctx.clients.sns.send(new UnsubscribeCommand({ SubscriptionArn })));
        teardown.removed(SUBSCRIPTION_KIND, Endpoint ?? SubscriptionArn);
      }
    }
    await unlessNotFound(() => ctx.clients.sns.send(new DeleteTopicCommand({ TopicArn: topicArn(ctx) })));
    teardown.removed(KIND, ctx.names.topic);
    return teardown.result();
  },

  async inspect(ctx) {
    if (!(await topicExists(ctx))) return { resources: [resourceState(KIND, ctx.names.topic, false)] };
    const email = ctx.settings.notificationEmail;
    const subscription = email ? subscriptionState(findEmail(await listSubscriptions(ctx), email)) : undefined;
    const drift = email && !subscription ? [`no subscription for ${email}`] : [];
    const outputs: TopicOutputs = { topicArn: topicArn(ctx), subscription };
    return { resources: [resourceState(KIND, ctx.names.topic, true, drift)], outputs };
  },
});

if (require.main === module) void runStepDirectly(notificationTopic);
