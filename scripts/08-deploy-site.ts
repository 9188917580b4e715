import {
  DeleteObjectsCommand,
  GetBucketWebsiteCommand,
  ListObjectsV2Command,
  PutBucketWebsiteCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
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
import { PUBLIC_READ_BUCKET, SITE_WEBSITE } from './lib/bucket-config';
import { need, type Context } from './lib/context';
import { siteBucketPolicy } from './lib/policies';
import { runStepDirectly } from './lib/run-directly';
import { siteFiles, type SiteFile } from './lib/site-files';
import type { Step } from './lib/step';

/** The block-public-access change comes before the public policy, or S3 refuses the policy. */
function siteBucketSettings(ctx: Context): BucketSetting[] {
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

async function localSiteFiles(ctx: Context): Promise<SiteFile[]> {
  const { apiUrl } = need(ctx, 'create-api');
  return siteFiles(ctx.paths.site, {
    apiUrl,
    maxUploadBytes: ctx.settings.maxUploadBytes,
    uploadUrlExpirySeconds: ctx.settings.uploadUrlExpirySeconds,
    stack: ctx.settings.stack,
    region: ctx.settings.region,
  });
}

export const deploySite: Step<'deploy-site'> = {
  name: 'deploy-site',
  description: 'site bucket with website hosting; uploads changed files and config.js, removes stale ones',
  dependsOn: ['create-api'],

  async ensure(ctx) {
    const Bucket = ctx.names.siteBucket;
    const files = await localSiteFiles(ctx);
    const { created, changed } = await ensureBucket(ctx, Bucket, 'Site bucket', siteBucketSettings(ctx));
    const plan = planSiteSync(files, created ? new Map() : await listDeployed(ctx));
    await Promise.all(
      plan.upload.map((file) =>
        ctx.clients.s3.send(
          new PutObjectCommand({ Bucket, Key: file.key, Body: file.body, ContentType: file.contentType, CacheControl: file.cacheControl }),
        ),
      ),
    );
    if (plan.remove.length) {
      await ctx.clients.s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: plan.remove.map((Key) => ({ Key })), Quiet: true } }));
    }
    const changes = [
      ...changed,
      ...(plan.upload.length ? [`${plan.upload.length} file(s) uploaded`] : []),
      ...(plan.remove.length ? [`${plan.remove.length} file(s) removed`] : []),
    ];
    return {
      action: created ? 'created' : changes.length ? 'updated' : 'unchanged',
      outputs: { siteBucket: Bucket, siteUrl: ctx.site.url },
      changes,
    };
  },

  async destroy(ctx) {
    const result = emptyDestroyResult();
    await destroyBucket(ctx, ctx.names.siteBucket, 'Site bucket', result);
    return finishDestroy(result);
  },

  async inspect(ctx) {
    const Bucket = ctx.names.siteBucket;
    const presence = await bucketPresence(ctx, Bucket);
    if (presence === 'missing') return { resources: [{ kind: 'Site bucket', name: Bucket, state: 'missing' }] };
    const drift = (await settingDrift(siteBucketSettings(ctx))).map((s) => s.label);
    if (ctx.outputs['create-api']) {
      const plan = planSiteSync(await localSiteFiles(ctx), await listDeployed(ctx));
      if (plan.upload.length) drift.push(`${plan.upload.length} file(s) differ`);
      if (plan.remove.length) drift.push(`${plan.remove.length} stale file(s)`);
    }
    return {
      resources: [{ kind: 'Site bucket', name: Bucket, state: drift.length ? 'drifted' : 'present', drift: drift.length ? drift : undefined }],
      outputs: { siteBucket: Bucket, siteUrl: ctx.site.url },
    };
  },
};

if (require.main === module) runStepDirectly(deploySite);
