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
import { arns } from './lib/arns';
import type { Context } from './lib/context';
import { unlessNotFound } from './lib/errors';
import { assertOurs, notOursNote } from './lib/ownership';
import { runStepDirectly } from './lib/run-directly';
import type { Step } from './lib/step';
import { carriesStackTag, stackTags, tagList, tagMapFromList } from './lib/tags';

// An e-mail subscription has no ARN until its owner confirms it.
const PENDING = 'PendingConfirmation';

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

export const createSns: Step<'create-sns'> = {
  name: 'create-sns',
  description: 'SNS topic for a summary of every image; e-mail subscription when --email is given',
  dependsOn: [],

  async ensure(ctx) {
    const { sns } = ctx.clients;
    const TopicArn = topicArn(ctx);
    const exists = await topicExists(ctx);
    if (exists) {
      assertOurs('SNS topic', ctx.names.topic, await topicTags(ctx), ctx.settings.stack);
    } else {
      await sns.send(
        new CreateTopicCommand({ Name: ctx.names.topic, Attributes: { DisplayName: 'rekog' }, Tags: tagList(stackTags(ctx.settings.stack)) }),
      );
    }
    const email = ctx.settings.notificationEmail;
    let subscription: string | undefined;
    let subscribed = false;
    if (email) {
      const existing = findEmail(await listSubscriptions(ctx), email);
      if (existing) {
        subscription = subscriptionState(existing);
      } else {
        await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: email }));
        subscription = `${email} (pending confirmation: check your inbox)`;
        subscribed = true;
      }
    }
    return {
      action: !exists ? 'created' : subscribed ? 'updated' : 'unchanged',
      outputs: { topicArn: TopicArn, subscription },
      changes: subscribed ? [`subscribed ${email}`] : [],
    };
  },

  async destroy(ctx) {
    const TopicArn = topicArn(ctx);
    if (!(await topicExists(ctx))) return { action: 'absent' };
    if (!carriesStackTag(await topicTags(ctx), ctx.settings.stack)) {
      return { action: 'absent', notOurs: [notOursNote('SNS topic', ctx.names.topic, ctx.settings.stack)] };
    }
    for (const { SubscriptionArn } of await listSubscriptions(ctx)) {
      if (SubscriptionArn && SubscriptionArn !== PENDING) {
        await unlessNotFound(() => ctx.clients.sns.send(new UnsubscribeCommand({ SubscriptionArn })));
      }
    }
    await unlessNotFound(() => ctx.clients.sns.send(new DeleteTopicCommand({ TopicArn })));
    return { action: 'deleted', deleted: [ctx.names.topic] };
  },

  async inspect(ctx) {
    if (!(await topicExists(ctx))) return { resources: [{ kind: 'SNS topic', name: ctx.names.topic, state: 'missing' }] };
    const email = ctx.settings.notificationEmail;
    const subscription = email ? subscriptionState(findEmail(await listSubscriptions(ctx), email)) : undefined;
    const drift = email && !subscription ? [`no subscription for ${email}`] : [];
    return {
      resources: [{ kind: 'SNS topic', name: ctx.names.topic, state: drift.length ? 'drifted' : 'present', drift: drift.length ? drift : undefined }],
      outputs: { topicArn: topicArn(ctx), subscription },
    };
  },
};

if (require.main === module) runStepDirectly(createSns);
