import { DetectLabelsCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isAwsError } from '../shared/aws-errors';
import { toLabels } from '../shared/labels';
import type { AnalysisOutcome } from '../shared/results-table';
import { failure, rekognitionFailure } from './failures';
import { SIGNATURE_BYTES, startsLikeImage, storedObjectProblem, type StoredObject } from './image-checks';

export interface AnalysisDeps {
  s3: S3Client;
  rekognition: RekognitionClient;
}

export interface AnalysisSettings {
  bucket: string;
  key: string;
  maxBytes: number;
  maxLabels: number;
  minConfidence: number;
}

/**
 * Checks the upload, then asks Rekognition for its labels. What is wrong with the image becomes a
 * `failed` outcome; what may pass (throttling, AWS faults) and what we cannot explain are thrown.
 */
export async function analyseImage(deps: AnalysisDeps, settings: AnalysisSettings): Promise<AnalysisOutcome> {
  const stored = await readStoredObject(deps.s3, settings);
  if (!stored) return { status: 'failed', error: failure('OBJECT_MISSING') };
  const problem = storedObjectProblem(stored, settings.maxBytes);
  if (problem) return { status: 'failed', error: problem, ...stored };
  if (!startsLikeImage(await readFirstBytes(deps.s3, settings))) {
    return { status: 'failed', error: failure('NOT_AN_IMAGE'), ...stored };
  }
  try {
    const result = await deps.rekognition.send(
      new DetectLabelsCommand({
        Image: { S3Object: { Bucket: settings.bucket, Name: settings.key } },
        MaxLabels: settings.maxLabels,
        MinConfidence: settings.minConfidence,
      }),
    );
    return { status: 'done', labels: toLabels(result.Labels), labelModelVersion: result.LabelModelVersion, ...stored };
  } catch (error) {
    const imageError = rekognitionFailure(error);
    if (imageError) return { status: 'failed', error: imageError, ...stored };
    throw error;
  }
}

async function readStoredObject(s3: S3Client, { bucket, key }: AnalysisSettings): Promise<StoredObject | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { contentType: head.ContentType, size: head.ContentLength };
  } catch (error) {
    // HEAD answers have no body, so a missing key is a bare 404 named NotFound.
    if (isAwsError(error, 'NotFound', 'NoSuchKey')) return undefined;
    throw error;
  }
}

async function readFirstBytes(s3: S3Client, { bucket, key }: AnalysisSettings): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${SIGNATURE_BYTES - 1}` }));
  return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
}
