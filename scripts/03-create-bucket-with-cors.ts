import { catalogued } from './step-catalogue';
import {
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketCorsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
} from '@aws-sdk/client-s3';
import { siteDistribution } from './02-create-distribution';
import { runStepDirectly } from './commands/step';
import { arns } from './lib/builders/arns';
import { DEFAULT_ENCRYPTION, PRIVATE_BUCKET, uploadCorsRules, uploadLifecycleRules } from './lib/builders/bucket-config';
import { uploadBucketPolicy } from './lib/builders/policies';
import type { Context } from './lib/engine/context';
import { earlyWork } from './lib/engine/early-work';
import { Teardown } from './lib/engine/ownership';
import { driftOf, type Setting } from './lib/engine/setting';
import { actionOf, defineStep, resourceState } from './lib/engine/step';
import { bucketPolicySetting, readableBucketPresence, bucketTagSetting, destroyBucket, ensureBucket, publicAccessBlockSetting, readBucket } from './lib/resources/bucket';

const KIND = 'Upload bucket';

export interface UploadBucketOutputs {
  uploadBucket: string;
  uploadBucketArn: string;
}

/** Everything about the upload bucket that `up` sets, in the order it is written; CORS once the site's origin is known. */
function uploadBucketSettings(ctx: Context, siteOrigin: string | undefined): Setting[] {
  const { s3 } = ctx.clients;
  const Bucket = ctx.names.uploadBucket;
  const lifecycle = uploadLifecycleRules(ctx.settings.dataExpiryDays);
  const cors: Setting[] = siteOrigin === undefined ? [] : [
    {
      label: 'CORS',
      read: async () => (await s3.send(new GetBucketCorsCommand({ Bucket }))).CORSRules,
      desired: uploadCorsRules(siteOrigin),
      write: () => s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: uploadCorsRules(siteOrigin) } })),
    },
  ];
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
    ...cors,
    {
      label: 'lifecycle',
      read: async () => (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules,
      desired: lifecycle,
      write: () => s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: lifecycle } })),
    },
  ];
}

/**
 * Only this step writes these settings, so `up` reads them while the distribution is being made; the
 * site's origin only decides what CORS should say, so any origin will do for reading.
 */
const bucketReading = earlyWork((ctx) => readBucket(ctx, ctx.names.uploadBucket, uploadBucketSettings(ctx, '')));

function outputsOf(ctx: Context): UploadBucketOutputs {
  return { uploadBucket: ctx.names.uploadBucket, uploadBucketArn: arns.bucket(ctx.scope, ctx.names.uploadBucket) };
}

export const uploadBucket = defineStep({
  ...catalogued('create-bucket-with-cors'),
  dependsOn: [siteDistribution],

  prepare(ctx) {
    bucketReading.start(ctx);
  },

  async ensure(ctx, inputs) {
    const settings = uploadBucketSettings(ctx, inputs['create-distribution'].siteOrigin);
    const { created, changes } = await ensureBucket(ctx, ctx.names.uploadBucket, KIND, settings, await bucketReading.take(ctx));
    return { action: actionOf(created, changes), outputs: outputsOf(ctx), changes };
  },

  async destroy(ctx, options) {
    const teardown = new Teardown(ctx);
    await destroyBucket(ctx, ctx.names.uploadBucket, KIND, teardown, { keep: options.keepData });
    return teardown.result();
  },

  async inspect(ctx, inputs) {
    const bucket = ctx.names.uploadBucket;
    if ((await readableBucketPresence(ctx, bucket)) === 'missing') return { resources: [resourceState(KIND, bucket, false)] };
    const settings = uploadBucketSettings(ctx, inputs['create-distribution']?.siteOrigin);
    return { resources: [resourceState(KIND, bucket, true, await driftOf(settings))], outputs: outputsOf(ctx) };
  },
});

if (require.main === module) void runStepDirectly(uploadBucket);
