import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { isAwsError } from './aws-errors';
import type { Label } from './labels';

export type ImageStatus = 'awaiting-upload' | 'processing' | 'done' | 'failed';

export interface ImageError {
  code: string;
  message: string;
}

/** One item per image, keyed by the decoded S3 key. */
export interface ImageItem {
  imageKey: string;
  status: ImageStatus;
  contentType?: string;
  size?: number;
  originalName?: string;
  createdAt: string;
  /** Epoch seconds; DynamoDB's TTL deletes the item after it. */
  expiresAt: number;
  labels?: Label[];
  labelModelVersion?: string;
  processedAt?: string;
  error?: ImageError;
  /** Which delivery of the S3 event is analysing the image, and until when (epoch ms) it may. */
  claimId?: string;
  processingUntil?: number;
  /** Set just before the SNS message goes out, so that it goes out once. */
  notifiedAt?: string;
  /** Epoch ms by which the image has an outcome; past it, it is answered as failed (ANALYSIS_TIMED_OUT). */
  deadline?: number;
  /** The ETag of the object the labels belong to: a replaced object is analysed again. */
  objectETag?: string;
}

export type AnalysisOutcome =
  | { status: 'done'; labels: Label[]; labelModelVersion?: string; contentType?: string; size?: number }
  | { status: 'failed'; error: ImageError; contentType?: string; size?: number };

export interface AnalysisClaim {
  claimId: string;
  now: Date;
  /** The ETag of the object the S3 event is about: a finished image with another one was replaced. */
  eTag?: string;
  /** Epoch ms after which another delivery may take over (this invocation cannot outlive it). */
  processingUntil: number;
  /** For an image without an item yet: its TTL. */
  expiresAt: number;
}

/**
 * The state of each image in DynamoDB. Every transition is a conditional write, so a redelivered
 * S3 event (S3 delivers at least once) neither analyses nor notifies twice:
 * awaiting-upload → processing (claimed) → done | failed.
 */
export class ResultsTable {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordIssued(item: ImageItem): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(imageKey)' }),
    );
  }

  async read(imageKey: string): Promise<ImageItem | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { imageKey }, ConsistentRead: true }));
    return Item as ImageItem | undefined;
  }

  /** True when this delivery may analyse the image; false when another has it or has finished it. */
  async claimForAnalysis(imageKey: string, claim: AnalysisClaim): Promise<boolean> {
    return this.updateIf(imageKey, {
      set: { status: 'processing', claimId: claim.claimId, processingUntil: claim.processingUntil, objectETag: claim.eTag },
      setIfAbsent: { createdAt: claim.now.toISOString(), expiresAt: claim.expiresAt },
      condition: 'attribute_not_exists(#imageKey) OR #status = :awaitingUpload OR (#status = :status AND #processingUntil < :nowMs)',
      values: { ':awaitingUpload': 'awaiting-upload', ':nowMs': claim.now.getTime() },
    });
  }

  /**
   * True when the image was analysed (or is being analysed) as another object than `eTag`: an upload
   * form may be used again until it expires. Its outcome becomes `error`, an analysis in progress
   * loses its claim, and the new object is not analysed: one DetectLabels per upload, at most.
   */
  async markReplaced(imageKey: string, eTag: string, error: ImageError, at: Date): Promise<boolean> {
    return this.updateIf(imageKey, {
      set: { status: 'failed', error, processedAt: at.toISOString() },
      remove: ['labels', 'claimId', 'processingUntil'],
      condition: 'attribute_exists(#objectETag) AND #objectETag <> :objectETag AND #status IN (:processing, :done, :failed)',
      values: { ':objectETag': eTag, ':processing': 'processing', ':done': 'done', ':failed': 'failed' },
    });
  }

  /** Lets the next delivery (Lambda's retry) take the image over at once. */
  async releaseClaim(imageKey: string, claimId: string): Promise<void> {
    await this.updateIf(imageKey, { set: { processingUntil: 0 }, condition: '#claimId = :claimId', values: { ':claimId': claimId } });
  }

  async recordOutcome(imageKey: string, claimId: string, outcome: AnalysisOutcome, processedAt: Date): Promise<boolean> {
    return this.updateIf(imageKey, {
      set: { ...outcome, processedAt: processedAt.toISOString() },
      remove: ['claimId', 'processingUntil'],
      condition: '#claimId = :claimId',
      values: { ':claimId': claimId },
    });
  }

  /** The finished item when its notification is still to be sent (and now ours to send). */
  async claimNotification(imageKey: string, notifiedAt: Date): Promise<ImageItem | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { imageKey },
          ReturnValues: 'ALL_NEW',
          ...updateExpression({
            set: { notifiedAt: notifiedAt.toISOString() },
            condition: '#status = :done AND attribute_not_exists(#notifiedAt)',
            values: { ':done': 'done' },
          }),
        }),
      );
      return Attributes as ImageItem;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return undefined;
      throw error;
    }
  }

  async releaseNotification(imageKey: string, notifiedAt: Date): Promise<void> {
    await this.updateIf(imageKey, { remove: ['notifiedAt'], condition: '#notifiedAt = :notifiedAt', values: { ':notifiedAt': notifiedAt.toISOString() } });
  }

  private async updateIf(imageKey: string, plan: UpdatePlan): Promise<boolean> {
    try {
      await this.client.send(new UpdateCommand({ TableName: this.tableName, Key: { imageKey }, ...updateExpression(plan) }));
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }
}

interface UpdatePlan {
  set?: Record<string, unknown>;
  setIfAbsent?: Record<string, unknown>;
  remove?: string[];
  condition: string;
  values?: Record<string, unknown>;
}

/**
 * Every attribute goes through a `#name` placeholder (`status` and `size` are reserved words), and
 * each SET value through `:name`. DynamoDB rejects placeholders an expression does not use, so the
 * names are collected from the expressions themselves.
 */
export function updateExpression(plan: UpdatePlan): Pick<UpdateCommandInput, 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const defined = (values: Record<string, unknown> = {}) => Object.entries(values).filter(([, value]) => value !== undefined);
  const assignments = [
    ...defined(plan.set).map(([name]) => `#${name} = :${name}`),
    ...defined(plan.setIfAbsent).map(([name]) => `#${name} = if_not_exists(#${name}, :${name})`),
  ];
  const clauses = [
    assignments.length > 0 ? `SET ${assignments.join(', ')}` : '',
    plan.remove?.length ? `REMOVE ${plan.remove.map((name) => `#${name}`).join(', ')}` : '',
  ].filter(Boolean);
  const updateExpressionText = clauses.join(' ');
  const names = [...`${updateExpressionText} ${plan.condition}`.matchAll(/#(\w+)/g)].map((match) => match[1]);
  const values = {
    ...Object.fromEntries([...defined(plan.set), ...defined(plan.setIfAbsent)].map(([name, value]) => [`:${name}`, value])),
    ...plan.values,
  };
  return {
    UpdateExpression: updateExpressionText,
    ConditionExpression: plan.condition,
    ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}
