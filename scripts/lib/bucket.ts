import {
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  type PublicAccessBlockConfiguration,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  PutBucketTaggingCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import type { Context } from './context';
import { matchesDesired } from './documents';
import { DeployError, isAwsError, unlessNotFound } from './errors';
import { assertOurs, notOursNote } from './ownership';
import type { DestroyResult } from './step';
import { carriesStackTag, stackTags, tagList, tagMapFromList, type TagMap } from './tags';

/** One piece of a bucket's configuration: read it, compare it with what `up` wants, write it. */
export interface BucketSetting {
  label: string;
  read: () => Promise<unknown>;
  desired: unknown;
  write: () => Promise<unknown>;
  /** Compare after this, when AWS hands the setting back in another form than it takes it. */
  normalise?: (actual: unknown) => unknown;
}

export async function settingDrift(settings: BucketSetting[]): Promise<BucketSetting[]> {
  const readings = await Promise.all(
    settings.map(async (setting) => {
      const actual = await unlessNotFound(setting.read);
      const comparable = setting.normalise ? setting.normalise(actual) : actual;
      return matchesDesired(comparable, setting.desired) ? undefined : setting;
    }),
  );
  return readings.filter((setting): setting is BucketSetting => setting !== undefined);
}

/**
 * `untagged`: a bucket with this stack's derived name (stack, account, region) and no tags at all,
 * as left by a run stopped between CreateBucket and PutBucketTagging where S3 ignores creation
 * tags (some emulators do). `up` adopts it; `down` leaves it alone.
 */
export type BucketPresence = 'missing' | 'ours' | 'untagged' | 'not-ours';

function isForbidden(error: unknown): boolean {
  return isAwsError(error, 'Forbidden', 'AccessDenied') || (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 403;
}

function nameTaken(bucket: string, cause?: unknown): DeployError {
  return new DeployError(
    'BUCKET_NAME_TAKEN',
    `The bucket name "${bucket}" belongs to another AWS account. Choose another stack name with --stack.`,
    { cause },
  );
}

export async function readBucketTags(ctx: Context, bucket: string): Promise<TagMap> {
  const tagging = await unlessNotFound(() => ctx.clients.s3.send(new GetBucketTaggingCommand({ Bucket: bucket })));
  return tagMapFromList(tagging?.TagSet);
}

/** Whether the bucket exists, and whether it carries this stack's tag. */
export async function bucketPresence(ctx: Context, bucket: string): Promise<BucketPresence> {
  try {
    await ctx.clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (isAwsError(error, 'NotFound', 'NoSuchBucket')) return 'missing';
    if (isForbidden(error)) throw nameTaken(bucket, error);
    throw error;
  }
  const tags = await readBucketTags(ctx, bucket);
  if (carriesStackTag(tags, ctx.settings.stack)) return 'ours';
  return Object.keys(tags).length ? 'not-ours' : 'untagged';
}

/** Creates the bucket with the stack's tag (S3 takes tags at creation since 2025). */
export async function createBucket(ctx: Context, bucket: string): Promise<void> {
  const { region } = ctx.settings;
  try {
    await ctx.clients.s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ObjectOwnership: 'BucketOwnerEnforced',
        CreateBucketConfiguration: {
          // us-east-1 is the default location and S3 rejects it as an explicit constraint.
          LocationConstraint: region === 'us-east-1' ? undefined : (region as BucketLocationConstraint),
          Tags: tagList(stackTags(ctx.settings.stack)),
        },
      }),
    );
  } catch (error) {
    if (isAwsError(error, 'BucketAlreadyExists')) throw nameTaken(bucket, error);
    if (!isAwsError(error, 'BucketAlreadyOwnedByYou')) throw error;
  }
}

/** Some S3 implementations drop tags given at creation; the tag is what `down` trusts, so make sure. */
export function bucketTagSetting(ctx: Context, bucket: string): BucketSetting {
  const desired = stackTags(ctx.settings.stack);
  return {
    label: 'tags',
    read: () => readBucketTags(ctx, bucket),
    desired,
    write: async () => {
      const current = await readBucketTags(ctx, bucket);
      await ctx.clients.s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tagList({ ...current, ...desired }) } }));
    },
  };
}

export function publicAccessBlockSetting(ctx: Context, Bucket: string, desired: PublicAccessBlockConfiguration): BucketSetting {
  return {
    label: 'public access block',
    read: async () => (await ctx.clients.s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration,
    desired,
    write: () => ctx.clients.s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: desired })),
  };
}

export function bucketPolicySetting(ctx: Context, Bucket: string, label: string, policy: unknown, options: { isPublic?: boolean } = {}): BucketSetting {
  return {
    label,
    read: async () => JSON.parse((await ctx.clients.s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? 'null'),
    desired: policy,
    write: async () => {
      try {
        return await ctx.clients.s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(policy) }));
      } catch (error) {
        // Block Public Access set on the whole account refuses any public bucket policy, whatever the caller may do.
        if (options.isPublic && isAwsError(error, 'AccessDenied')) {
          throw new DeployError(
            'ACCESS_DENIED',
            `S3 refused the public-read policy of ${Bucket}. If S3 Block Public Access is on for the whole account (or organisation), the site cannot be public: allow public bucket policies for this account, or serve site/ another way. Otherwise grant s3:PutBucketPolicy.`,
            { cause: error },
          );
        }
        throw error;
      }
    },
  };
}

/** S3 refuses to delete a bucket with objects in it, versions and delete markers included. */
export async function emptyBucket(ctx: Context, bucket: string): Promise<number> {
  let deleted = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await ctx.clients.s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
    );
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({ Key, VersionId }));
    if (objects.length) {
      await ctx.clients.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      deleted += objects.length;
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return deleted;
}

export async function destroyBucket(ctx: Context, bucket: string, kind: string, result: Required<DestroyResult>): Promise<void> {
  const presence = await bucketPresence(ctx, bucket);
  if (presence === 'missing') return;
  if (presence === 'not-ours' || presence === 'untagged') {
    result.notOurs.push(notOursNote(kind, bucket, ctx.settings.stack));
    return;
  }
  await emptyBucket(ctx, bucket);
  await unlessNotFound(() => ctx.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket })));
  result.deleted.push(bucket);
}

export function emptyDestroyResult(): Required<DestroyResult> {
  return { action: 'absent', notOurs: [], deleted: [] };
}

export function finishDestroy(result: Required<DestroyResult>): Required<DestroyResult> {
  if (result.deleted.length) result.action = 'deleted';
  return result;
}

/** Creates the bucket if missing, then writes every setting that differs; `created` when it was new. */
export async function ensureBucket(ctx: Context, bucket: string, kind: string, settings: BucketSetting[]): Promise<{ created: boolean; changed: string[] }> {
  const presence = await bucketPresence(ctx, bucket);
  if (presence === 'not-ours') assertOurs(kind, bucket, {}, ctx.settings.stack);
  if (presence === 'missing') await createBucket(ctx, bucket);
  const drifted = await settingDrift(settings);
  for (const setting of drifted) await setting.write();
  return { created: presence === 'missing', changed: drifted.map((setting) => setting.label) };
}
