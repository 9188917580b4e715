import { UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { isAwsError } from '../shared/aws-errors';
import { HttpError } from '../shared/http';

/** The day's count lives in the results table, under a key no upload can have. */
export function quotaKey(day: string): string {
  return `#daily-uploads/${day}`;
}

export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** When the next UTC day begins: when the count starts again. */
export function quotaResetsAt(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/**
 * One more upload today, if the day's count is below the limit: DynamoDB adds and checks in one
 * conditional write, so concurrent requests can never issue more than the limit.
 */
export function dailyQuotaUpdate(tableName: string, day: string, limit: number, expiresAt: number): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: { imageKey: quotaKey(day) },
    UpdateExpression: 'ADD #uploads :one SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
    ConditionExpression: 'attribute_not_exists(#uploads) OR #uploads < :limit',
    ExpressionAttributeNames: { '#uploads': 'uploads', '#expiresAt': 'expiresAt' },
    ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expiresAt': expiresAt },
    ReturnValues: 'UPDATED_NEW',
  };
}

function minutesUntil(then: Date, now: Date): string {
  const minutes = Math.ceil((then.getTime() - now.getTime()) / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

/** Counts this upload against today's limit: today's count, or a 429 saying when uploads open again. */
export async function countUpload(client: DynamoDBDocumentClient, tableName: string, limit: number, now: Date): Promise<number> {
  // The count outlives its day by one, then DynamoDB's TTL removes it.
  const expiresAt = Math.floor(quotaResetsAt(now).getTime() / 1000) + 24 * 3600;
  try {
    const { Attributes } = await client.send(new UpdateCommand(dailyQuotaUpdate(tableName, utcDay(now), limit, expiresAt)));
    return Number(Attributes?.uploads ?? 0);
  } catch (error) {
    if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
    const resetsAt = quotaResetsAt(now);
    throw new HttpError(
      429,
      'DAILY_LIMIT_REACHED',
      `Today's limit of ${limit} uploads has been reached. Uploads open again at 00:00 UTC, in ${minutesUntil(resetsAt, now)}.`,
      { resetsAt: resetsAt.toISOString() },
    );
  }
}
