import { QueueDeletedRecently, QueueDoesNotExist, QueueNameExists, type CreateQueueCommandInput } from '@aws-sdk/client-sqs';
import type { FakeContext, Operations } from './context';
import { awsError } from './errors';
import { stillWithin } from './realities';
import { copy, type TagMap } from './util';

export interface QueueRecord {
  name: string;
  url: string;
  arn: string;
  attributes: Record<string, string>;
  tags: TagMap;
  messages: number;
}

export interface SqsState {
  queues: Map<string, QueueRecord>;
  /** Names of deleted queues, with when: SQS frees a name after 60 seconds. */
  deletedAt: Map<string, number>;
}

export function createSqsState(): SqsState {
  return { queues: new Map(), deletedAt: new Map() };
}

const DEFAULT_ATTRIBUTES = { MessageRetentionPeriod: '345600', SqsManagedSseEnabled: 'true', VisibilityTimeout: '30', DelaySeconds: '0' };

export function sqsOperations(ctx: FakeContext): Operations {
  const { queues, deletedAt } = ctx.state.sqs;

  function byUrl(url: string | undefined): QueueRecord {
    const found = [...queues.values()].find((queue) => queue.url === url);
    if (!found) throw awsError(QueueDoesNotExist, 400, 'The specified queue does not exist.');
    return found;
  }

  return {
    CreateQueue: (input: CreateQueueCommandInput) => {
      const name = input.QueueName ?? '';
      const attributes = { ...DEFAULT_ATTRIBUTES, ...input.Attributes };
      const existing = queues.get(name);
      if (existing) {
        const differs = Object.entries(input.Attributes ?? {}).some(([key, value]) => existing.attributes[key] !== value);
        if (differs) throw awsError(QueueNameExists, 400, 'A queue already exists with the same name and a different value for attribute(s).');
        return { QueueUrl: existing.url };
      }
      if (stillWithin(ctx.now(), deletedAt.get(name), ctx.realities.queueNameReleaseMs)) {
        throw awsError(QueueDeletedRecently, 400, 'You must wait 60 seconds after deleting a queue before you can create another queue with the same name.');
      }
      const record: QueueRecord = {
        name,
        url: `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${name}`,
        arn: `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${name}`,
        attributes,
        tags: { ...input.tags },
        messages: 0,
      };
      queues.set(name, record);
      return { QueueUrl: record.url };
    },

    GetQueueUrl: (input: { QueueName?: string }) => {
      const record = queues.get(input.QueueName ?? '');
      if (!record) throw awsError(QueueDoesNotExist, 400, 'The specified queue does not exist.');
      return { QueueUrl: record.url };
    },

    GetQueueAttributes: (input: { QueueUrl?: string; AttributeNames?: string[] }) => {
      const record = byUrl(input.QueueUrl);
      const all: Record<string, string> = { ...record.attributes, QueueArn: record.arn, ApproximateNumberOfMessages: String(record.messages) };
      const names = input.AttributeNames?.includes('All') ? Object.keys(all) : (input.AttributeNames ?? []);
      return { Attributes: Object.fromEntries(names.filter((name) => name in all).map((name) => [name, all[name]])) };
    },

    SetQueueAttributes: (input: { QueueUrl?: string; Attributes?: Record<string, string> }) => {
      const record = byUrl(input.QueueUrl);
      record.attributes = { ...record.attributes, ...input.Attributes };
      return {};
    },

    ListQueueTags: (input: { QueueUrl?: string }) => ({ Tags: copy(byUrl(input.QueueUrl).tags) }),

    DeleteQueue: (input: { QueueUrl?: string }) => {
      const record = byUrl(input.QueueUrl);
      queues.delete(record.name);
      deletedAt.set(record.name, ctx.now().getTime());
      return {};
    },
  };
}

/** Whether a queue of this ARN exists (a Lambda destination must name one). */
export function queueExists(state: SqsState, arn: string): boolean {
  return [...state.queues.values()].some((queue) => queue.arn === arn);
}

export function sqsSnapshot(state: SqsState): unknown {
  return Object.fromEntries([...state.queues.values()].map((queue) => [queue.name, { attributes: queue.attributes, tags: queue.tags }]));
}

export function sqsResources(state: SqsState): string[] {
  return [...state.queues.keys()].map((name) => `sqs:queue:${name}`);
}
