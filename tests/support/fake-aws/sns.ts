import {
  InvalidParameterException,
  NotFoundException,
  ResourceNotFoundException,
  type CreateTopicCommandInput,
  type CreateTopicCommandOutput,
  type DeleteTopicCommandInput,
  type GetTopicAttributesCommandInput,
  type GetTopicAttributesCommandOutput,
  type ListSubscriptionsByTopicCommandInput,
  type ListSubscriptionsByTopicCommandOutput,
  type ListTagsForResourceCommandInput,
  type ListTagsForResourceCommandOutput,
  type SetTopicAttributesCommandInput,
  type SubscribeCommandInput,
  type SubscribeCommandOutput,
  type TagResourceCommandInput,
  type UnsubscribeCommandInput,
  type UntagResourceCommandInput,
} from '@aws-sdk/client-sns';
import { randomUUID } from 'node:crypto';
import type { FakeContext, Operations, Out } from './context';
import { awsError } from './errors';
import { byName, page, tagListOf, tagMapOf, withoutKeys, type TagMap } from './util';

export interface SubscriptionRecord {
  arn: string;
  protocol: string;
  endpoint: string;
  /** E-mail subscriptions wait for the recipient to click the link; helpers can confirm them. */
  confirmed: boolean;
  attributes: Record<string, string>;
}

export interface TopicRecord {
  arn: string;
  name: string;
  attributes: Record<string, string>;
  tags: TagMap;
  subscriptions: SubscriptionRecord[];
}

export interface SnsState {
  topics: Map<string, TopicRecord>;
}

export function createSnsState(): SnsState {
  return { topics: new Map() };
}

/** Protocols whose endpoint must confirm before SNS delivers to it. */
const NEEDS_CONFIRMATION = ['email', 'email-json', 'http', 'https'];
const PENDING = 'PendingConfirmation';

const DEFAULT_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

function defaultPolicy(arn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

export function snsOperations(ctx: FakeContext): Operations {
  const { topics } = ctx.state.sns;

  function topic(arn: string | undefined): TopicRecord {
    const found = topics.get(arn ?? '');
    if (!found) throw awsError(NotFoundException, 404, 'Topic does not exist');
    return found;
  }

  function tagged(arn: string | undefined): TopicRecord {
    const found = topics.get(arn ?? '');
    if (!found) throw awsError(ResourceNotFoundException, 404, 'Resource does not exist');
    return found;
  }

  return {
    CreateTopic: (input: CreateTopicCommandInput): Out<CreateTopicCommandOutput> => {
      const name = input.Name ?? '';
      if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) {
        throw awsError(InvalidParameterException, 400, 'Invalid parameter: Topic Name');
      }
      const arn = `arn:aws:sns:${ctx.region}:${ctx.accountId}:${name}`;
      const attributes = input.Attributes ?? {};
      const tags = tagMapOf(input.Tags);
      const existing = topics.get(arn);
      // CreateTopic is idempotent only for the same attributes and tags; otherwise SNS refuses.
      if (existing) {
        if (Object.entries(attributes).some(([key, value]) => existing.attributes[key] !== value)) {
          throw awsError(InvalidParameterException, 400, 'Invalid parameter: Attributes Reason: Topic already exists with different attributes');
        }
        if (input.Tags && JSON.stringify(tagListOf(tags)) !== JSON.stringify(tagListOf(existing.tags))) {
          throw awsError(InvalidParameterException, 400, 'Invalid parameter: Tags Reason: Topic already exists with different tags');
        }
        return { TopicArn: arn };
      }
      topics.set(arn, {
        arn,
        name,
        attributes: { DisplayName: '', Policy: defaultPolicy(arn, ctx.accountId), ...attributes },
        tags,
        subscriptions: [],
      });
      return { TopicArn: arn };
    },

    GetTopicAttributes: (input: GetTopicAttributesCommandInput): Out<GetTopicAttributesCommandOutput> => {
      const record = topic(input.TopicArn);
      const confirmed = record.subscriptions.filter((subscription) => subscription.confirmed).length;
      return {
        Attributes: {
          ...record.attributes,
          TopicArn: record.arn,
          Owner: ctx.accountId,
          SubscriptionsConfirmed: String(confirmed),
          SubscriptionsPending: String(record.subscriptions.length - confirmed),
          SubscriptionsDeleted: '0',
          EffectiveDeliveryPolicy: record.attributes.DeliveryPolicy ?? DEFAULT_DELIVERY_POLICY,
        },
      };
    },

    SetTopicAttributes: (input: SetTopicAttributesCommandInput) => {
      topic(input.TopicArn).attributes[input.AttributeName ?? ''] = input.AttributeValue ?? '';
      return {};
    },

    // Deleting a topic that does not exist is not an error in SNS.
    DeleteTopic: (input: DeleteTopicCommandInput) => {
      topics.delete(input.TopicArn ?? '');
      return {};
    },

    ListTagsForResource: (input: ListTagsForResourceCommandInput): Out<ListTagsForResourceCommandOutput> => ({
      Tags: tagListOf(tagged(input.ResourceArn).tags),
    }),

    TagResource: (input: TagResourceCommandInput) => {
      const record = tagged(input.ResourceArn);
      record.tags = { ...record.tags, ...tagMapOf(input.Tags) };
      return {};
    },

    UntagResource: (input: UntagResourceCommandInput) => {
      const record = tagged(input.ResourceArn);
      record.tags = withoutKeys(record.tags, input.TagKeys);
      return {};
    },

    ListSubscriptionsByTopic: (input: ListSubscriptionsByTopicCommandInput): Out<ListSubscriptionsByTopicCommandOutput> => {
      const record = topic(input.TopicArn);
      const { items, next } = page(record.subscriptions, input.NextToken, 100);
      return {
        Subscriptions: items.map((subscription) => ({
          SubscriptionArn: subscription.confirmed ? subscription.arn : PENDING,
          Owner: ctx.accountId,
          Protocol: subscription.protocol,
          Endpoint: subscription.endpoint,
          TopicArn: record.arn,
        })),
        NextToken: next,
      };
    },

    Subscribe: (input: SubscribeCommandInput): Out<SubscribeCommandOutput> => {
      const record = topic(input.TopicArn);
      const protocol = input.Protocol ?? '';
      const endpoint = input.Endpoint ?? '';
      let subscription = record.subscriptions.find((existing) => existing.protocol === protocol && existing.endpoint === endpoint);
      if (!subscription) {
        const arn = ctx.ids.register(`${record.arn}:${randomUUID()}`, `subscription:${record.name}:${protocol}:${endpoint}`);
        subscription = { arn, protocol, endpoint, confirmed: !NEEDS_CONFIRMATION.includes(protocol), attributes: { ...input.Attributes } };
        record.subscriptions.push(subscription);
      }
      const showArn = subscription.confirmed || input.ReturnSubscriptionArn;
      return { SubscriptionArn: showArn ? subscription.arn : 'pending confirmation' };
    },

    Unsubscribe: (input: UnsubscribeCommandInput) => {
      const owner = [...topics.values()].find((record) => record.subscriptions.some((subscription) => subscription.arn === input.SubscriptionArn));
      if (!owner) throw awsError(NotFoundException, 404, 'Subscription does not exist');
      owner.subscriptions = owner.subscriptions.filter((subscription) => subscription.arn !== input.SubscriptionArn);
      return {};
    },
  };
}

export function snsSnapshot(state: SnsState): unknown {
  return Object.fromEntries(
    [...state.topics.values()].map((record) => [
      record.name,
      {
        arn: record.arn,
        attributes: { ...record.attributes, Policy: JSON.parse(record.attributes.Policy ?? 'null') },
        tags: record.tags,
        subscriptions: [...record.subscriptions]
          .sort(byName((subscription) => `${subscription.protocol}:${subscription.endpoint}`))
          .map(({ arn, ...subscription }) => ({ arn: subscription.confirmed ? arn : PENDING, ...subscription })),
      },
    ]),
  );
}

export function snsResources(state: SnsState): string[] {
  return [...state.topics.values()].map((record) => `sns:topic:${record.name}`);
}
