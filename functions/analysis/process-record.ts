import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { isRetryable } from '../shared/aws-errors';
import type { ProcessImageUploadEnv } from '../shared/env';
import type { Logger } from '../shared/log';
import type { AnalysisOutcome, ResultsTable } from '../shared/results-table';
import { expiresAt } from '../shared/time';
import { analyseImage, type AnalysisDeps } from './analyse-image';
import { failure } from './failures';
import { buildNotification } from './notification';
import { readUploadRecord } from './s3-records';

export interface RecordWork extends AnalysisDeps {
  env: ProcessImageUploadEnv;
  sns: SNSClient;
  results: ResultsTable;
  now: () => Date;
  newId: () => string;
  logger: Logger;
  /** How long this invocation may still run: a claim lasts no longer. */
  remainingMs: () => number;
}

/** `retry` when AWS was busy or failing: Lambda should deliver the event again. */
export type RecordResult = 'ignored' | 'handled' | 'retry' | 'error';

/** One S3 event record: analyse the image once, record the outcome, notify once. Never throws. */
export async function processRecord(record: unknown, work: RecordWork): Promise<RecordResult> {
  const target = readUploadRecord(record, work.env.UPLOAD_BUCKET);
  if ('ignored' in target) {
    work.logger.info('record ignored', { key: target.key, reason: target.ignored });
    return 'ignored';
  }
  const logger = work.logger.with({ key: target.key });
  try {
    // A redelivery that finds the image done still tries: the first delivery's e-mail may have failed.
    if ((await analyseOnce(target.key, target.eTag, work, logger)) !== 'failed') await notifyOnce(target.key, work, logger);
    return 'handled';
  } catch (error) {
    if (isRetryable(error)) {
      logger.warn('AWS is busy or failing; the event will be retried', { error });
      return 'retry';
    }
    logger.error('record could not be processed', { error });
    return 'error';
  }
}

/** The status this delivery recorded, or `skipped` when another delivery has the image. */
async function analyseOnce(key: string, eTag: string | undefined, work: RecordWork, logger: Logger): Promise<AnalysisOutcome['status'] | 'skipped'> {
  const { env, results } = work;
  const claimId = work.newId();
  const now = work.now();
  const claimed = await results.claimForAnalysis(key, {
    claimId,
    now,
    eTag,
    processingUntil: now.getTime() + work.remainingMs(),
    expiresAt: expiresAt(now, env.DATA_EXPIRY_DAYS),
  });
  if (!claimed) {
    if (eTag !== undefined && (await results.markReplaced(key, eTag, failure('OBJECT_REPLACED'), now))) {
      logger.warn('image not analysed', { code: 'OBJECT_REPLACED' });
      return 'failed';
    }
    logger.info('image already analysed, or being analysed by another delivery');
    return 'skipped';
  }
  let outcome: AnalysisOutcome;
  try {
    outcome = await analyseImage(work, {
      bucket: env.UPLOAD_BUCKET,
      key,
      maxBytes: env.MAX_UPLOAD_BYTES,
      maxLabels: env.MAX_LABELS,
      minConfidence: env.MIN_CONFIDENCE,
    });
  } catch (error) {
    if (isRetryable(error)) {
      await releaseClaim(key, claimId, work, logger);
      throw error;
    }
    logger.error('image analysis failed', { error });
    outcome = { status: 'failed', error: failure('PROCESSING_ERROR') };
  }
  try {
    if (!(await results.recordOutcome(key, claimId, outcome, work.now()))) {
      logger.warn('another delivery took the image over; its outcome stands');
      return 'skipped';
    }
  } catch (error) {
    await releaseClaim(key, claimId, work, logger);
    throw error;
  }
  if (outcome.status === 'done') logger.info('image analysed', { labels: outcome.labels.length });
  else logger.warn('image not analysed', { code: outcome.error.code });
  return outcome.status;
}

/** Without this, the retry would wait for the claim to run out: as long as the function's timeout. */
async function releaseClaim(key: string, claimId: string, work: RecordWork, logger: Logger): Promise<void> {
  try {
    await work.results.releaseClaim(key, claimId);
  } catch (error) {
    logger.warn('could not release the claim; it lapses when this invocation would time out', { error });
  }
}

/** Failed images send nothing: the site shows why, and the e-mail is a summary of results. */
async function notifyOnce(key: string, work: RecordWork, logger: Logger): Promise<void> {
  const notifiedAt = work.now();
  const item = await work.results.claimNotification(key, notifiedAt);
  if (!item) return;
  const { subject, message } = buildNotification(item, work.env.SITE_URL);
  try {
    await work.sns.send(new PublishCommand({ TopicArn: work.env.TOPIC_ARN, Subject: subject, Message: message }));
  } catch (error) {
    await work.results.releaseNotification(key, notifiedAt).catch((releaseError: unknown) => {
      logger.warn('could not release the notification claim; no e-mail will be sent for this image', { error: releaseError });
    });
    throw error;
  }
  logger.info('notification sent', { subject });
}
