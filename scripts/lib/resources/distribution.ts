import {
  GetDistributionCommand,
  ListDistributionsCommand,
  ListOriginAccessControlsCommand,
  ListTagsForResourceCommand,
  type DistributionSummary,
  type OriginAccessControlSummary,
} from '@aws-sdk/client-cloudfront';
import { distributionComment, originAccessControlConfig } from '../builders/site-distribution';
import { carriesStackTag, tagMapFromList } from '../builders/tags';
import type { Context } from '../engine/context';

export interface FoundDistribution {
  id: string;
  /** As CloudFront gives it (`arn:aws:cloudfront::<account>:distribution/<id>`). */
  arn: string;
  domainName: string;
  /** `InProgress` while a change spreads to every edge location, then `Deployed`. */
  status: string;
}

async function listDistributions(ctx: Context): Promise<DistributionSummary[]> {
  const found: DistributionSummary[] = [];
  let Marker: string | undefined;
  do {
    const { DistributionList } = await ctx.clients.cloudfront.send(new ListDistributionsCommand({ Marker, MaxItems: 100 }));
    found.push(...(DistributionList?.Items ?? []));
    Marker = DistributionList?.IsTruncated ? DistributionList.NextMarker : undefined;
  } while (Marker);
  return found;
}

/** The comment of a listed distribution; some emulators leave it out of the list, so it is read then. */
async function commentOf(ctx: Context, summary: DistributionSummary): Promise<string | undefined> {
  if (summary.Comment !== undefined) return summary.Comment;
  const { Distribution } = await ctx.clients.cloudfront.send(new GetDistributionCommand({ Id: summary.Id }));
  return Distribution?.DistributionConfig?.Comment;
}

function found(summary: DistributionSummary): FoundDistribution {
  return { id: summary.Id ?? '', arn: summary.ARN ?? '', domainName: summary.DomainName ?? '', status: summary.Status ?? '' };
}

/**
 * The stack's distribution, found by its comment (which names the stack and the region, as
 * CloudFront is global) and its stack tag; same-commented ones without the tag are not ours.
 */
export async function findDistribution(ctx: Context): Promise<{ distribution?: FoundDistribution; notOurs: FoundDistribution[] }> {
  const comment = distributionComment(ctx.names, ctx.settings.region);
  const summaries = await listDistributions(ctx);
  const comments = await Promise.all(summaries.map((summary) => commentOf(ctx, summary)));
  const candidates = summaries.filter((_summary, index) => comments[index] === comment);
  const notOurs: FoundDistribution[] = [];
  for (const candidate of candidates) {
    const { Tags } = await ctx.clients.cloudfront.send(new ListTagsForResourceCommand({ Resource: candidate.ARN }));
    if (carriesStackTag(tagMapFromList(Tags?.Items), ctx.settings.stack)) return { distribution: found(candidate), notOurs };
    notOurs.push(found(candidate));
  }
  return { notOurs };
}

/** The stack's origin access control, by its name; `ours` when its description names this stack. */
export async function findOriginAccessControl(ctx: Context): Promise<{ id: string; ours: boolean } | undefined> {
  const wanted = originAccessControlConfig(ctx.names, ctx.settings.region);
  let Marker: string | undefined;
  do {
    const { OriginAccessControlList } = await ctx.clients.cloudfront.send(new ListOriginAccessControlsCommand({ Marker, MaxItems: 100 }));
    const match = (OriginAccessControlList?.Items ?? []).find((item: OriginAccessControlSummary) => item.Name === wanted.Name);
    if (match) return { id: match.Id ?? '', ours: match.Description === wanted.Description };
    Marker = OriginAccessControlList?.IsTruncated ? OriginAccessControlList.NextMarker : undefined;
  } while (Marker);
  return undefined;
}

/** The distribution's ARN as IAM and bucket policies spell it (a CloudFront ARN has no region). */
export function distributionArn(ctx: Pick<Context, 'scope'>, id: string): string {
  return `arn:${ctx.scope.partition}:cloudfront::${ctx.scope.accountId}:distribution/${id}`;
}
