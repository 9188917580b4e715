import {
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketCorsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
} from '@aws-sdk/client-s3';
import { arns } from './lib/arns';
import {
  bucketPolicySetting,
  bucketPresence,
  bucketTagSetting,
  destroyBucket,
  ensureBucket,
  emptyDestroyResult,
  finishDestroy,
  publicAccessBlockSetting,
  settingDrift,
  type BucketSetting,
} from './lib/bucket';
import { DEFAULT_ENCRYPTION, PRIVATE_BUCKET, uploadCorsRules, uploadLifecycleRules } from './lib/bucket-config';
import type { Context } from './lib/context';
import { uploadBucketPolicy } from './lib/policies';
import { runStepDirectly } from './lib/run-directly';
import type { Step } from './lib/step';

/** Everything about the upload bucket that `up` sets, in the order it is written. */
export function uploadBucketSettings(ctx: Context): BucketSetting[] {
  const { s3 } = ctx.clients;
  const Bucket = ctx.names.uploadBucket;
  const cors = uploadCorsRules(ctx.site.origin);
  const lifecycle = uploadLifecycleRules(ctx.settings.dataExpiryDays);
  return [
    bucketTagSetting(ctx, Bucket),
    publicAccessBlockSetting(ctx, Bucket, PRIVATE_BUCKET),
    {
      label: 'default encryption',
      read: async () => (await s3.send(new GetBucketEncryptionCommand({ Bucket }))).ServerSideEncryptionConfiguration,
      desired: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      write: () => s3.send(new PutBucketEncryptionCommand({ Bucket, ServerSideEncryptionConfiguration: DEFAULT_ENCRYPTION })),
    },
    bucketPolicySetting(ctx, Bucket, 'TLS-only policy', uploadBucketPolicy(Bucket, ctx.scope)),
    {
      label: 'CORS',
      read: async () => (await s3.send(new GetBucketCorsCommand({ Bucket }))).CORSRules,
      desired: cors,
      write: () => s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: cors } })),
    },
    {
      label: 'lifecycle',
      read: async () => (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules,
      desired: lifecycle,
      write: () => s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: lifecycle } })),
    },
  ];
}

export const createBucketWithCors: Step<'create-bucket-with-cors'> = {
  name: 'create-bucket-with-cors',
  description: 'private, encrypted upload bucket: TLS only, CORS for the site, uploads expire',
  dependsOn: [],

  async ensure(ctx) {
    const bucket = ctx.names.uploadBucket;
    const { created, changed } = await ensureBucket(ctx, bucket, 'Upload bucket', uploadBucketSettings(ctx));
    return {
      action: created ? 'created' : changed.length ? 'updated' : 'unchanged',
      outputs: { uploadBucket: bucket, uploadBucketArn: arns.bucket(ctx.scope, bucket) },
      changes: changed,
    };
  },

  async destroy(ctx, options) {
    if (options.keepData) return { action: 'kept' };
    const result = emptyDestroyResult();
    await destroyBucket(ctx, ctx.names.uploadBucket, 'Upload bucket', result);
    return finishDestroy(result);
  },

  async inspect(ctx) {
    const bucket = ctx.names.uploadBucket;
    const presence = await bucketPresence(ctx, bucket);
    if (presence === 'missing') return { resources: [{ kind: 'Upload bucket', name: bucket, state: 'missing' }] };
    const drift = (await settingDrift(uploadBucketSettings(ctx))).map((s) => s.label);
    return {
      resources: [{ kind: 'Upload bucket', name: bucket, state: drift.length ? 'drifted' : 'present', drift: drift.length ? drift : undefined }],
      outputs: { uploadBucket: bucket, uploadBucketArn: arns.bucket(ctx.scope, bucket) },
    };
  },
};

if (require.main === module) runStepDirectly(createBucketWithCors);
