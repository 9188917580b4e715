import { catalogued } from './step-catalogue';
import {
  CreateDistributionWithTagsCommand,
  CreateOriginAccessControlCommand,
  DeleteDistributionCommand,
  DeleteOriginAccessControlCommand,
  GetDistributionConfigCommand,
  GetOriginAccessControlCommand,
  UpdateDistributionCommand,
  waitForDistributionDeployed,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import { randomUUID } from 'node:crypto';
import { runStepDirectly } from './commands/step';
import { distributionConfig, originAccessControlConfig } from './lib/builders/site-distribution';
import { siteAddress } from './lib/builders/site-address';
import { STACK_TAG_KEY } from './lib/builders/tags';
import { waiterOptions, type Context } from './lib/engine/context';
import { unlessNotFound } from './lib/engine/errors';
import { notOursError, Teardown } from './lib/engine/ownership';
import { applySettings, driftOf, type Setting } from './lib/engine/setting';
import { actionOf, defineStep, resourceState } from './lib/engine/step';
import { waitFor } from './lib/engine/waits';
import { distributionArn, findDistribution, findOriginAccessControl, type FoundDistribution } from './lib/resources/distribution';

const KIND = 'CloudFront distribution';
const OAC_KIND = 'Origin access control';

export interface DistributionOutputs {
  distributionId: string;
  distributionArn: string;
  /** `https://<id>.cloudfront.net/`, and its origin, which every CORS rule and the CSP name. */
  siteUrl: string;
  siteOrigin: string;
  /** `InProgress` until the change has reached every edge location (minutes), then `Deployed`. */
  status: string;
}

function outputsOf(ctx: Context, distribution: FoundDistribution): DistributionOutputs {
  const site = siteAddress(distribution.domainName);
  return { distributionId: distribution.id, distributionArn: distributionArn(ctx, distribution.id), siteUrl: site.url, siteOrigin: site.origin, status: distribution.status };
}

/** Fields of the configuration that `up` sets, each compared where CloudFront reports it (emulators leave some out). */
const CHECKED: [label: string, read: (config: DistributionConfig) => unknown][] = [
  ['enabled', (config) => config.Enabled],
  ['default root object', (config) => config.DefaultRootObject],
  ['origin', (config) => config.Origins?.Items?.[0]?.DomainName],
  ['origin access control', (config) => config.Origins?.Items?.[0]?.OriginAccessControlId],
  ['HTTPS redirect', (config) => config.DefaultCacheBehavior?.ViewerProtocolPolicy],
  ['compression', (config) => config.DefaultCacheBehavior?.Compress],
  ['cache policy', (config) => config.DefaultCacheBehavior?.CachePolicyId],
  ['security headers', (config) => config.DefaultCacheBehavior?.ResponseHeadersPolicyId],
  ['price class', (config) => config.PriceClass],
];

function configurationDrift(actual: DistributionConfig | undefined, desired: DistributionConfig): string[] {
  if (!actual) return ['configuration'];
  return CHECKED.filter(([, read]) => read(actual) !== undefined && read(actual) !== read(desired)).map(([label]) => label);
}

/** The distribution's configuration, written with UpdateDistribution (which wants the whole of it, and the ETag read). */
function distributionSetting(ctx: Context, id: string, originAccessControlId: string): Setting<DistributionConfig> {
  const { cloudfront } = ctx.clients;
  let read: { config?: DistributionConfig; etag?: string } = {};
  const desiredFor = (callerReference: string) => distributionConfig(ctx.names, ctx.settings.region, originAccessControlId, callerReference);
  return {
    label: 'configuration',
    read: async () => {
      const { DistributionConfig: config, ETag: etag } = await cloudfront.send(new GetDistributionConfigCommand({ Id: id }));
      read = { config, etag };
      return config;
    },
    desired: desiredFor(''),
    differences: (actual) => configurationDrift(actual, desiredFor(actual?.CallerReference ?? '')),
    write: () =>
      cloudfront.send(
        new UpdateDistributionCommand({ Id: id, IfMatch: read.etag, DistributionConfig: { ...read.config, ...desiredFor(read.config?.CallerReference ?? '') } }),
      ),
  };
}

async function ensureOriginAccessControl(ctx: Context, existing: Awaited<ReturnType<typeof findOriginAccessControl>>): Promise<{ id: string; created: boolean }> {
  if (existing && !existing.ours) throw notOursError(OAC_KIND, originAccessControlConfig(ctx.names, ctx.settings.region).Name ?? '', ctx.settings.stack);
  if (existing) return { id: existing.id, created: false };
  const { OriginAccessControl } = await ctx.clients.cloudfront.send(
    new CreateOriginAccessControlCommand({ OriginAccessControlConfig: originAccessControlConfig(ctx.names, ctx.settings.region) }),
  );
  return { id: OriginAccessControl?.Id ?? '', created: true };
}

async function createDistribution(ctx: Context, originAccessControlId: string): Promise<FoundDistribution> {
  const { Distribution } = await ctx.clients.cloudfront.send(
    new CreateDistributionWithTagsCommand({
      DistributionConfigWithTags: {
        DistributionConfig: distributionConfig(ctx.names, ctx.settings.region, originAccessControlId, `rekog-deploy-${randomUUID()}`),
        Tags: { Items: [{ Key: STACK_TAG_KEY, Value: ctx.settings.stack }] },
      },
    }),
  );
  return { id: Distribution?.Id ?? '', arn: Distribution?.ARN ?? '', domainName: Distribution?.DomainName ?? '', status: Distribution?.Status ?? 'InProgress' };
}

/**
 * CloudFront deletes only a distribution that is disabled and deployed: disabling takes minutes to
 * reach every edge location, and the ETag changes with it.
 */
async function deleteDistribution(ctx: Context, distribution: FoundDistribution): Promise<void> {
  const { cloudfront } = ctx.clients;
  const Id = distribution.id;
  const current = await unlessNotFound(() => cloudfront.send(new GetDistributionConfigCommand({ Id })));
  if (!current) return;
  if (current.DistributionConfig?.Enabled) {
    await cloudfront.send(new UpdateDistributionCommand({ Id, IfMatch: current.ETag, DistributionConfig: { ...current.DistributionConfig, Enabled: false } }));
  }
  await waitFor(ctx, `CloudFront to disable distribution ${Id} everywhere (it takes minutes)`, () =>
    waitForDistributionDeployed(waiterOptions(ctx, cloudfront), { Id }),
  );
  const disabled = await cloudfront.send(new GetDistributionConfigCommand({ Id }));
  await unlessNotFound(() => cloudfront.send(new DeleteDistributionCommand({ Id, IfMatch: disabled.ETag })));
}

async function deleteOriginAccessControl(ctx: Context, teardown: Teardown): Promise<void> {
  const name = originAccessControlConfig(ctx.names, ctx.settings.region).Name ?? '';
  const oac = await findOriginAccessControl(ctx);
  if (!oac) return;
  if (!oac.ours) {
    teardown.leftAlone(OAC_KIND, name);
    return;
  }
  const current = await unlessNotFound(() => ctx.clients.cloudfront.send(new GetOriginAccessControlCommand({ Id: oac.id })));
  if (!current) return;
  await unlessNotFound(() => ctx.clients.cloudfront.send(new DeleteOriginAccessControlCommand({ Id: oac.id, IfMatch: current.ETag })));
  teardown.removed(OAC_KIND, name);
}

export const siteDistribution = defineStep({
  ...catalogued('create-distribution'),
  dependsOn: [],

  async ensure(ctx) {
    // Both read at once; nothing is written before both are known to be ours.
    const [{ distribution: existing, notOurs }, existingOac] = await Promise.all([findDistribution(ctx), findOriginAccessControl(ctx)]);
    if (!existing && notOurs.length) throw notOursError(KIND, notOurs[0].id, ctx.settings.stack);
    const oac = await ensureOriginAccessControl(ctx, existingOac);
    const distribution = existing ?? (await createDistribution(ctx, oac.id));
    const changes = [...(existing && oac.created ? ['origin access control'] : []), ...(existing ? await applySettings([distributionSetting(ctx, existing.id, oac.id)]) : [])];
    // Not waited for: a new or changed distribution reaches every edge location in minutes; status tells.
    return { action: actionOf(!existing, changes), outputs: outputsOf(ctx, distribution), changes };
  },

  async destroy(ctx) {
    const teardown = new Teardown(ctx);
    const { distribution, notOurs } = await findDistribution(ctx);
    for (const other of notOurs) teardown.leftAlone(KIND, other.id);
    if (distribution) {
      await deleteDistribution(ctx, distribution);
      teardown.removed(KIND, `${distribution.id} (${distribution.domainName})`);
    }
    await deleteOriginAccessControl(ctx, teardown);
    return teardown.result();
  },

  async inspect(ctx) {
    const { distribution } = await findDistribution(ctx);
    if (!distribution) return { resources: [resourceState(KIND, distributionComment(ctx), false)] };
    const oac = await findOriginAccessControl(ctx);
    const drift = [...(oac?.ours ? await driftOf([distributionSetting(ctx, distribution.id, oac.id)]) : ['origin access control missing'])];
    const detail = distribution.status === 'Deployed' ? 'deployed' : 'deploying (answers within a few minutes)';
    return {
      resources: [resourceState(KIND, `${distribution.id} (${distribution.domainName})`, true, drift, detail)],
      outputs: outputsOf(ctx, distribution),
    };
  },
});

function distributionComment(ctx: Context): string {
  return `site of stack ${ctx.settings.stack} in ${ctx.settings.region}`;
}

if (require.main === module) void runStepDirectly(siteDistribution);
