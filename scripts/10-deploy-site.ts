import { catalogued } from './step-catalogue';
import { CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { DeleteBucketWebsiteCommand, DeleteObjectsCommand, GetBucketWebsiteCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { siteDistribution } from './02-create-distribution';
import { restApi } from './09-create-api';
import { runStepDirectly } from './commands/step';
import { PAGE_FILE, siteFiles, type SiteFile } from './lib/build/site-files';
import { PRIVATE_BUCKET } from './lib/builders/bucket-config';
import { siteBucketPolicy } from './lib/builders/policies';
import { uploadOrigin } from './lib/builders/site-address';
import type { Context } from './lib/engine/context';
import { earlyWork } from './lib/engine/early-work';
import { Teardown } from './lib/engine/ownership';
import { driftOf, type Setting } from './lib/engine/setting';
import { actionOf, allSettled, defineStep, resourceState } from './lib/engine/step';
import { bucketPolicySetting, bucketTagSetting, destroyBucket, ensureBucket, publicAccessBlockSetting, readableBucketPresence, readBucket } from './lib/resources/bucket';

const KIND = 'Site bucket';

export interface SiteOutputs {
  siteBucket: string;
  siteUrl: string;
}

/**
 * A private bucket: all four Block Public Access settings on, no website hosting, readable only by
 * the stack's distribution. The policy is written before the block, so that a bucket deployed as a
 * public website by an earlier version loses its public policy first.
 */
function siteBucketSettings(ctx: Context, distributionArn: string | undefined): Setting[] {
  const { s3 } = ctx.clients;
  const Bucket = ctx.names.siteBucket;
  return [
    bucketTagSetting(ctx, Bucket),
    ...(distributionArn === undefined ? [] : [bucketPolicySetting(ctx, Bucket, 'distribution-only policy', siteBucketPolicy(Bucket, ctx.scope, distributionArn))]),
    publicAccessBlockSetting(ctx, Bucket, PRIVATE_BUCKET),
    {
      label: 'no website hosting',
      read: async () => (await s3.send(new GetBucketWebsiteCommand({ Bucket }))).IndexDocument,
      desired: undefined,
      differences: (actual) => (actual === undefined ? [] : ['website hosting still on']),
      write: () => s3.send(new DeleteBucketWebsiteCommand({ Bucket })),
    },
  ];
}

/** Key → MD5 from the ETags (S3's ETag of a single-part, SSE-S3 object is its MD5). */
async function listDeployed(ctx: Context): Promise<Map<string, string>> {
  const deployed = new Map<string, string>();
  let ContinuationToken: string | undefined;
  do {
    const page = await ctx.clients.s3.send(new ListObjectsV2Command({ Bucket: ctx.names.siteBucket, ContinuationToken }));
    for (const object of page.Contents ?? []) if (object.Key) deployed.set(object.Key, (object.ETag ?? '').replace(/"/g, ''));
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return deployed;
}

/**
 * Only this step writes the site bucket, so `up` reads it (settings and files) while the API is being
 * made; the distribution only decides what the policy should say, so any ARN will do for reading.
 */
const siteReading = earlyWork(async (ctx) => {
  const bucket = await readBucket(ctx, ctx.names.siteBucket, siteBucketSettings(ctx, ''));
  return { bucket, deployed: bucket.values ? await listDeployed(ctx) : undefined };
});

export interface SitePlan {
  upload: SiteFile[];
  remove: string[];
}

export function planSiteSync(files: SiteFile[], deployed: Map<string, string>): SitePlan {
  const wanted = new Set(files.map((file) => file.key));
  return {
    upload: files.filter((file) => deployed.get(file.key) !== file.md5),
    remove: [...deployed.keys()].filter((key) => !wanted.has(key)).sort(),
  };
}

/** What CloudFront must fetch again: each changed path, and `/` when the page itself changed. */
export function invalidationPaths(plan: SitePlan): string[] {
  const keys = [...plan.upload.map((file) => file.key), ...plan.remove];
  return [...keys.map((key) => `/${key}`), ...(keys.includes(PAGE_FILE) ? ['/'] : [])].sort();
}

function localSiteFiles(ctx: Context, apiUrl: string): Promise<SiteFile[]> {
  return siteFiles(
    ctx.paths.site,
    {
      apiUrl,
      maxUploadBytes: ctx.settings.maxUploadBytes,
      uploadUrlExpirySeconds: ctx.settings.uploadUrlExpirySeconds,
      stack: ctx.settings.stack,
      region: ctx.settings.region,
    },
    { api: apiUrl, uploads: uploadOrigin(ctx.names.uploadBucket, ctx.settings.region, ctx.emulator) },
  );
}

function syncChanges(plan: SitePlan): string[] {
  return [...(plan.upload.length ? [`${plan.upload.length} file(s) uploaded`] : []), ...(plan.remove.length ? [`${plan.remove.length} file(s) removed`] : [])];
}

async function invalidate(ctx: Context, distributionId: string, paths: string[]): Promise<void> {
  await ctx.clients.cloudfront.send(
    new CreateInvalidationCommand({ DistributionId: distributionId, InvalidationBatch: { CallerReference: randomUUID(), Paths: { Quantity: paths.length, Items: paths } } }),
  );
}

export const staticSite = defineStep({
  ...catalogued('deploy-site'),
  dependsOn: [siteDistribution, restApi],

  prepare(ctx) {
    siteReading.start(ctx);
  },

  async ensure(ctx, inputs) {
    const Bucket = ctx.names.siteBucket;
    const distribution = inputs['create-distribution'];
    const files = await localSiteFiles(ctx, inputs['create-api'].apiUrl);
    const reading = await siteReading.take(ctx);
    const { created, changes } = await ensureBucket(ctx, Bucket, KIND, siteBucketSettings(ctx, distribution.distributionArn), reading.bucket);
    const plan = planSiteSync(files, created ? new Map() : (reading.deployed ?? (await listDeployed(ctx))));
    await allSettled(
      plan.upload.map((file) =>
        ctx.clients.s3.send(new PutObjectCommand({ Bucket, Key: file.key, Body: file.body, ContentType: file.contentType, CacheControl: file.cacheControl })),
      ),
    );
    if (plan.remove.length) {
      await ctx.clients.s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: plan.remove.map((Key) => ({ Key })), Quiet: true } }));
    }
    // A new bucket's files were never cached; changed ones are served fresh at once.
    if (!created && (plan.upload.length || plan.remove.length)) await invalidate(ctx, distribution.distributionId, invalidationPaths(plan));
    const allChanges = [...changes, ...syncChanges(plan)];
    return { action: actionOf(created, allChanges), outputs: { siteBucket: Bucket, siteUrl: distribution.siteUrl }, changes: allChanges };
  },

  async destroy(ctx) {
    const teardown = new Teardown(ctx);
    await destroyBucket(ctx, ctx.names.siteBucket, KIND, teardown);
    return teardown.result();
  },

  async inspect(ctx, inputs) {
    const Bucket = ctx.names.siteBucket;
    if ((await readableBucketPresence(ctx, Bucket)) === 'missing') return { resources: [resourceState(KIND, Bucket, false)] };
    const distribution = inputs['create-distribution'];
    const drift = await driftOf(siteBucketSettings(ctx, distribution?.distributionArn));
    const api = inputs['create-api'];
    if (api) {
      const plan = planSiteSync(await localSiteFiles(ctx, api.apiUrl), await listDeployed(ctx));
      if (plan.upload.length) drift.push(`${plan.upload.length} file(s) differ`);
      if (plan.remove.length) drift.push(`${plan.remove.length} stale file(s)`);
    }
    return {
      resources: [resourceState(KIND, Bucket, true, drift)],
      outputs: distribution ? { siteBucket: Bucket, siteUrl: distribution.siteUrl } : undefined,
    };
  },
});

if (require.main === module) void runStepDirectly(staticSite);
