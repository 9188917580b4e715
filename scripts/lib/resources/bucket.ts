/**
 * scripts/lib/resources: helpers for one kind of AWS resource, shared by the steps (and commands)
 * that touch it: buckets, log groups, Lambda permissions, the REST API lookup, function metrics.
 * Each takes the Context, reads before it writes, and treats "not found" as an answer.
 */
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
import { carriesStackTag, stackTags, tagList, tagMapFromList, type TagMap } from '../builders/tags';
import type { Context } from '../engine/context';
import { DeployError, isAwsError, unlessNotFound } from '../engine/errors';
import { notOursError, type Teardown } from '../engine/ownership';
import { applySettings, readValues, type Setting, type SettingValues } from '../engine/setting';
import { retryWhile } from '../engine/waits';

// S3 frees a deleted bucket's name after a while, usually seconds (aws/aws-cli#2593: "A conflicting
// conditional operation is currently in progress").
const NAME_RELEASE_MS = 2 * 60 * 1000;
/**
 * `untagged`: a bucket with this stack's derived name (stack, account, region) and no tags at all,
 * as left by a run stopped between CreateBucket and PutBucketTagging where S3 ignores creation
 * tags (some emulators do). `up` adopts it; `down` leaves it alone. `refused`: HeadBucket answered
 * 403, which S3 gives both for another account's bucket and to a caller without s3:ListBucket.
 */
export type BucketPresence = 'missing' | 'ours' | 'untagged' | 'not-ours' | 'refused';

function isForbidden(error: unknown): boolean {
  return isAwsError(error, 'Forbidden', 'AccessDenied') || (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 403;
}

function refusedHead(bucket: string): DeployError {
  return new DeployError(
    'ACCESS_DENIED',
    `S3 refused to say whether bucket "${bucket}" exists (HeadBucket answered 403): either it belongs to another AWS account (choose another --stack), or your identity lacks s3:ListBucket on it (\`rekog-deploy policy\` prints what it needs).`,
  );
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

/** Whether the bucket exists and carries this stack's tag, with the tags read to tell. */
async function bucketState(ctx: Context, bucket: string): Promise<{ presence: BucketPresence; tags?: TagMap }> {
  try {
    await ctx.clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (isAwsError(error, 'NotFound', 'NoSuchBucket')) return { presence: 'missing' };
    if (isForbidden(error)) return { presence: 'refused' };
    throw error;
  }
  const tags = await readBucketTags(ctx, bucket);
  if (carriesStackTag(tags, ctx.settings.stack)) return { presence: 'ours', tags };
  return { presence: Object.keys(tags).length ? 'not-ours' : 'untagged', tags };
}

/** Whether the bucket exists, and whether it carries this stack's tag. */
export async function bucketPresence(ctx: Context, bucket: string): Promise<BucketPresence> {
  return (await bucketState(ctx, bucket)).presence;
}

/** Whether the bucket exists and is ours, or a clear error where S3 would not say. */
export async function readableBucketPresence(ctx: Context, bucket: string): Promise<Exclude<BucketPresence, 'refused'>> {
  const presence = await bucketPresence(ctx, bucket);
  if (presence === 'refused') throw refusedHead(bucket);
  return presence;
}

/**
 * Creates the bucket with the stack's tag (S3 takes tags at creation since 2025); `owned` when it
 * was there already and is this account's.
 */
export async function createBucket(ctx: Context, bucket: string): Promise<'created' | 'owned'> {
  const { region } = ctx.settings;
  try {
    await retryWhile(
      ctx,
      {
        waitingFor: `S3 to release the name of the deleted bucket ${bucket}`,
        names: ['OperationAborted'],
        withinMs: NAME_RELEASE_MS,
        advice: 'S3 has not freed the name yet; run `rekog-deploy up` again in a few minutes, or use another --stack.',
      },
      () =>
        ctx.clients.s3.send(
          new CreateBucketCommand({
            Bucket: bucket,
            ObjectOwnership: 'BucketOwnerEnforced',
            CreateBucketConfiguration: {
              // us-east-1 is the default location and S3 rejects it as an explicit constraint.
              LocationConstraint: region === 'us-east-1' ? undefined : (region as BucketLocationConstraint),
              Tags: tagList(stackTags(ctx.settings.stack)),
            },
          }),
        ),
    );
    return 'created';
  } catch (error) {
    if (isAwsError(error, 'BucketAlreadyExists')) throw nameTaken(bucket, error);
    if (isAwsError(error, 'BucketAlreadyOwnedByYou')) return 'owned';
    throw error;
  }
}

/** Some S3 implementations drop tags given at creation; the tag is what `down` trusts, so make sure. */
const TAGS = 'tags';

export function bucketTagSetting(ctx: Context, bucket: string): Setting {
  const desired = stackTags(ctx.settings.stack);
  return {
    label: TAGS,
    read: () => readBucketTags(ctx, bucket),
    desired,
    write: async () => {
      const current = await readBucketTags(ctx, bucket);
      await ctx.clients.s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: tagList({ ...current, ...desired }) } }));
    },
  };
}

export function publicAccessBlockSetting(ctx: Context, Bucket: string, desired: PublicAccessBlockConfiguration): Setting {
  return {
    label: 'public access block',
    read: async () => (await ctx.clients.s3.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration,
    desired,
    write: () => ctx.clients.s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: desired })),
  };
}

export function bucketPolicySetting(ctx: Context, Bucket: string, label: string, policy: unknown): Setting {
  return {
    label,
    read: async () => JSON.parse((await ctx.clients.s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? 'null'),
    desired: policy,
    write: () => ctx.clients.s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(policy) })),
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
      // DeleteObjects answers 200 even when some keys were not deleted: those are listed in Errors.
      const { Errors } = await ctx.clients.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      if (Errors?.length && Errors.every((failure) => failure.Code === 'AccessDenied')) {
        throw new DeployError(
          'ACCESS_DENIED',
          `Access denied for s3:DeleteObject, s3:DeleteObjectVersion (DeleteObjects) on ${Errors.length} object(s) of ${bucket}. Grant them to your user or role (\`rekog-deploy policy\` prints all it needs).`,
        );
      }
      if (Errors?.length) {
        const examples = Errors.slice(0, 3).map((failure) => `${failure.Key}: ${failure.Code}`).join('; ');
        throw new DeployError('PARTLY_FAILED', `S3 did not delete ${Errors.length} object(s) of ${bucket} (${examples}). Run \`rekog-deploy down\` again; if it repeats, check s3:DeleteObject and s3:DeleteObjectVersion.`);
      }
      deleted += objects.length;
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return deleted;
}

/** Empties and deletes the bucket when it is ours; with `keep` (`--keep-data`) only says it was kept. */
export async function destroyBucket(ctx: Context, bucket: string, kind: string, teardown: Teardown, { keep = false } = {}): Promise<void> {
  const presence = await readableBucketPresence(ctx, bucket);
  if (presence === 'missing') return;
  if (presence === 'not-ours' || presence === 'untagged') {
    teardown.leftAlone(kind, bucket);
    return;
  }
  if (keep) {
    teardown.kept(kind, bucket);
    return;
  }
  await emptyBucket(ctx, bucket);
  await unlessNotFound(() => ctx.clients.s3.send(new DeleteBucketCommand({ Bucket: bucket })));
  teardown.removed(kind, bucket);
}

/** A bucket as `up` finds it: whether it is there and ours, and (when it is) each setting's value. */
export interface BucketReading {
  presence: BucketPresence;
  values?: SettingValues;
}

/**
 * Reads the bucket and, when it is there to adopt, the values of its settings (what is desired need
 * not be known yet); its tags are already known from telling whether it is ours.
 */
export async function readBucket(ctx: Context, bucket: string, settings: Setting[]): Promise<BucketReading> {
  const { presence, tags } = await bucketState(ctx, bucket);
  if (presence !== 'ours' && presence !== 'untagged') return { presence };
  const values = new Map(await readValues(settings.filter((setting) => setting.label !== TAGS)));
  return { presence, values: values.set(TAGS, tags) };
}

/**
 * Creates the bucket if missing, then writes every setting that differs; `created` when it was new.
 * `reading` is the bucket as read beforehand (readBucket); without it, it is read now.
 */
export async function ensureBucket(ctx: Context, bucket: string, kind: string, settings: Setting[], reading?: BucketReading): Promise<{ created: boolean; changes: string[] }> {
  const { presence, values } = reading ?? { presence: await bucketPresence(ctx, bucket) };
  if (presence === 'not-ours') throw notOursError(kind, bucket, ctx.settings.stack);
  // A refused HeadBucket is another account's bucket (CreateBucket says BucketAlreadyExists) or a
  // missing s3:ListBucket on our own (CreateBucket says it is ours): only creating tells them apart.
  if (presence === 'refused' && (await createBucket(ctx, bucket)) === 'owned') throw refusedHead(bucket);
  if (presence === 'missing') await createBucket(ctx, bucket);
  return { created: presence === 'missing', changes: await applySettings(settings, values) };
}
