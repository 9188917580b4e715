import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { notificationTopic } from '../../scripts/05-create-sns';
import { DeployError } from '../../scripts/lib/engine/errors';
import { stackTags, tagList } from '../../scripts/lib/builders/tags';
import { awsError, writeCommands } from '../support/aws-errors';
import { testContext } from '../support/context';

const TOPIC = 'rekog-notifications';
const TOPIC_ARN = `arn:aws:sns:us-east-1:123456789012:${TOPIC}`;
const EMAIL = 'me@example.com';

describe('05 create-sns', () => {
  const ctx = testContext();
  const withEmail = testContext({ settings: { notificationEmail: EMAIL }, clients: ctx.clients });
  const sns = mockClient(ctx.clients.sns);
  beforeEach(() => sns.reset());

  function existingTopic(tags = tagList(stackTags('rekog'))) {
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { TopicArn: TOPIC_ARN } });
    sns.on(ListTagsForResourceCommand).resolves({ Tags: tags });
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  }

  describe('ensure', () => {
    test('a missing topic is created with the stack tag; no subscription without --email', async () => {
      sns.on(GetTopicAttributesCommand).rejects(awsError(NotFoundException, 404));
      const result = await notificationTopic.ensure(ctx, {});
      expect(result).toMatchObject({ action: 'created', outputs: { topicArn: TOPIC_ARN } });
      expect(sns.commandCalls(CreateTopicCommand)[0].args[0].input).toMatchObject({
        Name: TOPIC,
        Tags: [{ Key: 'rekog-deploy:stack', Value: 'rekog' }],
      });
      expect(writeCommands(sns)).toEqual(['CreateTopicCommand']);
    });

    test('with --email a new topic gets an e-mail subscription, reported as pending', async () => {
      sns.on(GetTopicAttributesCommand).rejects(awsError(NotFoundException, 404));
      sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
      const result = await notificationTopic.ensure(withEmail, {});
      expect(result.action).toBe('created');
      expect(result.outputs.subscription).toMatch(/pending confirmation/);
      expect(sns.commandCalls(SubscribeCommand)[0].args[0].input).toEqual({ TopicArn: TOPIC_ARN, Protocol: 'email', Endpoint: EMAIL });
    });

    test('second up makes no write calls: an existing tagged topic is unchanged', async () => {
      existingTopic();
      const result = await notificationTopic.ensure(ctx, {});
      expect(result).toMatchObject({ action: 'unchanged', outputs: { topicArn: TOPIC_ARN } });
      expect(writeCommands(sns)).toEqual([]);
    });

    test('an e-mail already subscribed (on any page, in any case) is not subscribed again', async () => {
      existingTopic();
      sns.on(ListSubscriptionsByTopicCommand)
        .resolvesOnce({ Subscriptions: [{ Protocol: 'email', Endpoint: 'other@example.com', SubscriptionArn: `${TOPIC_ARN}:1` }], NextToken: 'page-2' })
        .resolvesOnce({ Subscriptions: [{ Protocol: 'email', Endpoint: 'Me@Example.com', SubscriptionArn: 'PendingConfirmation' }] });
      const result = await notificationTopic.ensure(withEmail, {});
      expect(result.action).toBe('unchanged');
      expect(result.outputs.subscription).toBe('Me@Example.com (pending confirmation)');
      expect(sns.commandCalls(ListSubscriptionsByTopicCommand)[1].args[0].input.NextToken).toBe('page-2');
      expect(writeCommands(sns)).toEqual([]);
    });

    test('a missing e-mail subscription is the only thing added: updated', async () => {
      existingTopic();
      const result = await notificationTopic.ensure(withEmail, {});
      expect(result.action).toBe('updated');
      expect(writeCommands(sns)).toEqual(['SubscribeCommand']);
    });

    test('a same-named topic without the stack tag is refused with NOT_OURS, and nothing is written', async () => {
      existingTopic([{ Key: 'team', Value: 'alerts' }]);
      const error = await notificationTopic.ensure(withEmail, {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeployError);
      expect(error).toMatchObject({ code: 'NOT_OURS', message: expect.stringContaining(TOPIC) });
      expect(writeCommands(sns)).toEqual([]);
    });
  });

  describe('destroy', () => {
    test('a missing topic is success: absent', async () => {
      sns.on(GetTopicAttributesCommand).rejects(awsError(NotFoundException, 404));
      const result = await notificationTopic.destroy(ctx, { keepData: false });
      expect(result.action).toBe('absent');
      expect(writeCommands(sns)).toEqual([]);
    });

    test('a same-named topic without the stack tag is left alone and listed', async () => {
      existingTopic([]);
      const result = await notificationTopic.destroy(ctx, { keepData: false });
      expect(result.action).toBe('absent');
      expect(result.leftAlone).toEqual([{ kind: 'SNS topic', name: TOPIC }]);
      expect(writeCommands(sns)).toEqual([]);
    });

    test('confirmed subscriptions are removed, pending ones skipped, then the topic is deleted', async () => {
      existingTopic();
      sns.on(ListSubscriptionsByTopicCommand).resolves({
        Subscriptions: [
          { Protocol: 'email', Endpoint: 'a@example.com', SubscriptionArn: `${TOPIC_ARN}:sub-a` },
          { Protocol: 'email', Endpoint: 'b@example.com', SubscriptionArn: 'PendingConfirmation' },
        ],
      });
      const result = await notificationTopic.destroy(ctx, { keepData: false });
      expect(result).toEqual({
        action: 'deleted',
        deleted: [
          { kind: 'SNS subscription', name: 'a@example.com' },
          { kind: 'SNS topic', name: TOPIC },
        ],
        kept: [],
        leftAlone: [],
      });
      expect(sns.commandCalls(UnsubscribeCommand).map((call) => call.args[0].input.SubscriptionArn)).toEqual([`${TOPIC_ARN}:sub-a`]);
      expect(writeCommands(sns)).toEqual(['UnsubscribeCommand', 'DeleteTopicCommand']);
      expect(sns.commandCalls(DeleteTopicCommand)[0].args[0].input).toEqual({ TopicArn: TOPIC_ARN });
    });
  });
});
