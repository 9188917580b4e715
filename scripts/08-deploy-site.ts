import { DeleteObjectsCommand, GetBucketWebsiteCommand, ListObjectsV2Command, PutBucketWebsiteCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { restApi } from './07-create-api';
import { runStepDirectly } from './commands/step';
import { siteFiles, type SiteFile } from './lib/build/site-files';
import { PUBLIC_READ_BUCKET, SITE_WEBSITE } from './lib/builders/bucket-config';
import { siteBucketPolicy } from './lib/builders/policies';
import type { Context } from './lib/engine/context';
import { Teardown } from './lib/engine/ownership';
import { driftOf, type Setting } from './lib/engine/setting';
import { actionOf, allSettled, defineStep, resourceState } from './lib/engine/step';
import { bucketPolicySetting, readableBucketPresence, bucketTagSetting, destroyBucket, ensureBucket, publicAccessBlockSetting } from './lib/resources/bucket';

const KIND = 'Site bucket';

export interface SiteOutputs {
  siteBucket: string;
  siteUrl: string;
}

/** The block-public-access change comes before the public policy, or S3 refuses the policy. */
function siteBucketSettings(ctx: Context): Setting[] {
  const { s3 } = ctx.clients;
  const Bucket = ctx.names.siteBucket;
  return [
    bucketTagSetting(ctx, Bucket),
    publicAccessBlockSetting(ctx, Bucket, PUBLIC_READ_BUCKET),
    {
      label: 'website hosting',
      read: async () => {
        const { IndexDocument, ErrorDocument } = await s3.send(new GetBucketWebsiteCommand({ Bucket }));
        return { IndexDocument, ErrorDocument };
      },
      desired: SITE_WEBSITE,
      write: () => s3.send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: SITE_WEBSITE })),
    },
    bucketPolicySetting(ctx, Bucket, 'public read policy', siteBucketPolicy(Bucket, ctx.scope), { isPublic: true }),
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

function localSiteFiles(ctx: Context, apiUrl: string): Promise<SiteFile[]> {
  return siteFiles(ctx.paths.site, {
    apiUrl,
    maxUploadBytes: ctx.settings.maxUploadBytes,
    uploadUrlExpirySeconds: ctx.settings.uploadUrlExpirySeconds,
    stack: ctx.settings.stack,
    region: ctx.settings.region,
  });
}

function syncChanges(plan: SitePlan): string[] {
  return [...(plan.upload.length ? [`${plan.upload.length} file(s) uploaded`] : []), ...(plan.remove.length ? [`${plan.remove.length} file(s) removed`] : [])];
}

function outputsOf(ctx: Context): SiteOutputs {
  return { siteBucket: ctx.names.siteBucket, siteUrl: ctx.site.url };
}

export const staticSite = defineStep({
  name: 'deploy-site',
  description: 'site bucket with website hosting; uploads changed files and config.js, removes stale ones',
  dependsOn: [restApi],

  async ensure(ctx, inputs) {
    const Bucket = ctx.names.siteBucket;
    const files = await localSiteFiles(ctx, inputs['create-api'].apiUrl);
    const { created, changes } = await ensureBucket(ctx, Bucket, KIND, siteBucketSettings(ctx));
    const plan = planSiteSync(files, created ? new Map() : await listDeployed(ctx));
    await allSettled(
      plan.upload.map((file) =>
        ctx.clients.s3.send(new PutObjectCommand({ Bucket, Key: file.key, Body: file.body, ContentType: file.contentType, CacheControl: file.cacheControl })),
      ),
    );
    if (plan.remove.length) {
      await ctx.clients.s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: plan.remove.map((Key) => ({ Key })), Quiet: true } }));
    }
    const allChanges = [...changes, ...syncChanges(plan)];
    return { action: actionOf(created, allChanges), outputs: outputsOf(ctx), changes: allChanges };
  },

  async destroy(ctx) {
    const teardown = new Teardown(ctx.settings.stack);
    await destroyBucket(ctx, ctx.names.siteBucket, KIND, teardown);
    return teardown.result();
  },

  async inspect(ctx, inputs) {
    const Bucket = ctx.names.siteBucket;
    if ((await readableBucketPresence(ctx, Bucket)) === 'missing') return { resources: [resourceState(KIND, Bucket, false)] };
    const drift = await driftOf(siteBucketSettings(ctx));
    const api = inputs['create-api'];
    if (api) {
      const plan = planSiteSync(await localSiteFiles(ctx, api.apiUrl), await listDeployed(ctx));
      if (plan.upload.length) drift.push(`${plan.upload.length} file(s) differ`);
      if (plan.remove.length) drift.push(`${plan.remove.length} stale file(s)`);
    }
    return { resources: [resourceState(KIND, Bucket, true, drift)], outputs: outputsOf(ctx) };
  },
});

if (require.main === module) void runStepDirectly(staticSite);
