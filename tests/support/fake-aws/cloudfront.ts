import {
  DistributionNotDisabled,
  IllegalUpdate,
  InvalidIfMatchVersion,
  NoSuchDistribution,
  NoSuchOriginAccessControl,
  OriginAccessControlAlreadyExists,
  OriginAccessControlInUse,
  PreconditionFailed,
  type CreateDistributionWithTagsCommandInput,
  type CreateInvalidationCommandInput,
  type CreateOriginAccessControlCommandInput,
  type Distribution,
  type DistributionConfig,
  type DistributionSummary,
  type OriginAccessControlConfig,
} from '@aws-sdk/client-cloudfront';
import type { FakeContext, Operations } from './context';
import { awsError } from './errors';
import { stillWithin } from './realities';
import { copy, page, randomString, sha256Hex, tagListOf, tagMapOf, type TagMap } from './util';

export interface DistributionRecord {
  id: string;
  arn: string;
  domainName: string;
  config: DistributionConfig;
  tags: TagMap;
  etag: string;
  /** When the last change was made: it is InProgress until it has reached every edge location. */
  changedAt: number;
  invalidations: string[][];
}

export interface OriginAccessControlRecord {
  id: string;
  config: OriginAccessControlConfig;
  etag: string;
}

export interface CloudFrontState {
  distributions: Map<string, DistributionRecord>;
  originAccessControls: Map<string, OriginAccessControlRecord>;
}

export function createCloudFrontState(): CloudFrontState {
  return { distributions: new Map(), originAccessControls: new Map() };
}

const newEtag = () => randomString(14, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');

export function cloudFrontOperations(ctx: FakeContext): Operations {
  const { distributions, originAccessControls } = ctx.state.cloudfront;

  function distribution(id: string | undefined): DistributionRecord {
    const found = distributions.get(id ?? '');
    if (!found) throw awsError(NoSuchDistribution, 404, 'The specified distribution does not exist.');
    return found;
  }

  function originAccessControl(id: string | undefined): OriginAccessControlRecord {
    const found = originAccessControls.get(id ?? '');
    if (!found) throw awsError(NoSuchOriginAccessControl, 404, 'The origin access control does not exist.');
    return found;
  }

  function checkIfMatch(etag: string, ifMatch: string | undefined): void {
    if (!ifMatch) throw awsError(InvalidIfMatchVersion, 400, 'The If-Match version is missing or not valid for the resource.');
    if (ifMatch !== etag) throw awsError(PreconditionFailed, 412, 'The precondition given in one or more of the request header fields evaluated to false.');
  }

  function status(record: DistributionRecord): 'InProgress' | 'Deployed' {
    return stillWithin(ctx.now(), record.changedAt, ctx.realities.distributionDeployMs) ? 'InProgress' : 'Deployed';
  }

  function describe(record: DistributionRecord): Distribution {
    return {
      Id: record.id,
      ARN: record.arn,
      Status: status(record),
      LastModifiedTime: new Date(record.changedAt),
      InProgressInvalidationBatches: 0,
      DomainName: record.domainName,
      DistributionConfig: copy(record.config),
    };
  }

  function summary(record: DistributionRecord): DistributionSummary {
    const { config } = record;
    return {
      Id: record.id,
      ARN: record.arn,
      Status: status(record),
      LastModifiedTime: new Date(record.changedAt),
      DomainName: record.domainName,
      Comment: config.Comment,
      Enabled: config.Enabled,
      Origins: copy(config.Origins),
      PriceClass: config.PriceClass,
      Staging: false,
    } as DistributionSummary;
  }

  function changed(record: DistributionRecord): void {
    record.etag = newEtag();
    record.changedAt = ctx.now().getTime();
  }

  return {
    CreateOriginAccessControl: (input: CreateOriginAccessControlCommandInput) => {
      const config = input.OriginAccessControlConfig ?? ({} as OriginAccessControlConfig);
      if ([...originAccessControls.values()].some((record) => record.config.Name === config.Name)) {
        throw awsError(OriginAccessControlAlreadyExists, 409, 'An origin access control with the same name already exists.');
      }
      const id = ctx.ids.register(`E${randomString(13, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`, `origin-access-control:${config.Name}`);
      const record = { id, config: copy(config), etag: newEtag() };
      originAccessControls.set(id, record);
      return { OriginAccessControl: { Id: id, OriginAccessControlConfig: copy(config) }, ETag: record.etag, Location: `https://cloudfront.amazonaws.com/2020-05-31/origin-access-control/${id}` };
    },

    GetOriginAccessControl: (input: { Id?: string }) => {
      const record = originAccessControl(input.Id);
      return { OriginAccessControl: { Id: record.id, OriginAccessControlConfig: copy(record.config) }, ETag: record.etag };
    },

    ListOriginAccessControls: (input: { Marker?: string; MaxItems?: number }) => {
      const all = [...originAccessControls.values()].map((record) => ({ Id: record.id, ...copy(record.config) }));
      const { items, next } = page(all, input.Marker, input.MaxItems ?? 100);
      return { OriginAccessControlList: { Items: items, Quantity: items.length, MaxItems: input.MaxItems ?? 100, IsTruncated: Boolean(next), NextMarker: next, Marker: input.Marker ?? '' } };
    },

    DeleteOriginAccessControl: (input: { Id?: string; IfMatch?: string }) => {
      const record = originAccessControl(input.Id);
      checkIfMatch(record.etag, input.IfMatch);
      const inUse = [...distributions.values()].some((candidate) => candidate.config.Origins?.Items?.some((origin) => origin.OriginAccessControlId === record.id));
      if (inUse) throw awsError(OriginAccessControlInUse, 409, 'The origin access control is in use.');
      originAccessControls.delete(record.id);
      return {};
    },

    CreateDistributionWithTags: (input: CreateDistributionWithTagsCommandInput) => {
      const config = input.DistributionConfigWithTags?.DistributionConfig ?? ({} as DistributionConfig);
      for (const origin of config.Origins?.Items ?? []) {
        if (origin.OriginAccessControlId) originAccessControl(origin.OriginAccessControlId);
      }
      const id = ctx.ids.register(`E${randomString(13, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`, `distribution:${config.Comment}`);
      // CloudFront's domains are random; this one is derived, so that two runs that made the same
      // things give the same API definition (which names the site's origin) and so the same hash.
      const domainName = `d${sha256Hex(`${ctx.accountId}/${config.Comment}/${distributions.size}`).slice(0, 13)}.cloudfront.net`;
      const record: DistributionRecord = {
        id,
        arn: `arn:aws:cloudfront::${ctx.accountId}:distribution/${id}`,
        domainName,
        config: copy(config),
        tags: tagMapOf(input.DistributionConfigWithTags?.Tags?.Items),
        etag: newEtag(),
        changedAt: ctx.now().getTime(),
        invalidations: [],
      };
      distributions.set(id, record);
      return { Distribution: describe(record), ETag: record.etag, Location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${id}` };
    },

    GetDistribution: (input: { Id?: string }) => {
      const record = distribution(input.Id);
      return { Distribution: describe(record), ETag: record.etag };
    },

    GetDistributionConfig: (input: { Id?: string }) => {
      const record = distribution(input.Id);
      return { DistributionConfig: copy(record.config), ETag: record.etag };
    },

    UpdateDistribution: (input: { Id?: string; IfMatch?: string; DistributionConfig?: DistributionConfig }) => {
      const record = distribution(input.Id);
      checkIfMatch(record.etag, input.IfMatch);
      if (input.DistributionConfig?.CallerReference !== record.config.CallerReference) {
        throw awsError(IllegalUpdate, 400, 'The update contains modifications that are not allowed: CallerReference.');
      }
      record.config = copy(input.DistributionConfig as DistributionConfig);
      changed(record);
      return { Distribution: describe(record), ETag: record.etag };
    },

    DeleteDistribution: (input: { Id?: string; IfMatch?: string }) => {
      const record = distribution(input.Id);
      checkIfMatch(record.etag, input.IfMatch);
      if (record.config.Enabled || status(record) !== 'Deployed') {
        throw awsError(DistributionNotDisabled, 409, 'The distribution you are trying to delete has not been disabled.');
      }
      distributions.delete(record.id);
      return {};
    },

    ListDistributions: (input: { Marker?: string; MaxItems?: number }) => {
      const { items, next } = page([...distributions.values()].map(summary), input.Marker, input.MaxItems ?? 100);
      return { DistributionList: { Items: items, Quantity: items.length, MaxItems: input.MaxItems ?? 100, IsTruncated: Boolean(next), NextMarker: next, Marker: input.Marker ?? '' } };
    },

    ListTagsForResource: (input: { Resource?: string }) => {
      const record = [...distributions.values()].find((candidate) => candidate.arn === input.Resource);
      if (!record) throw awsError(NoSuchDistribution, 404, 'The specified distribution does not exist.');
      return { Tags: { Items: tagListOf(record.tags) } };
    },

    CreateInvalidation: (input: CreateInvalidationCommandInput) => {
      const record = distribution(input.DistributionId);
      const paths = [...(input.InvalidationBatch?.Paths?.Items ?? [])];
      record.invalidations.push(paths);
      return { Invalidation: { Id: `I${randomString(13, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`, Status: 'InProgress', CreateTime: ctx.now(), InvalidationBatch: copy(input.InvalidationBatch) } };
    },
  };
}

export function cloudFrontSnapshot(state: CloudFrontState): unknown {
  return {
    distributions: Object.fromEntries(
      [...state.distributions.values()].map((record) => {
        const { CallerReference: _reference, ...config } = record.config;
        return [record.id, { domainName: record.domainName, config, tags: record.tags }];
      }),
    ),
    originAccessControls: Object.fromEntries([...state.originAccessControls.values()].map((record) => [record.id, record.config])),
  };
}

export function cloudFrontResources(state: CloudFrontState): string[] {
  return [
    ...[...state.distributions.values()].map((record) => `cloudfront:distribution:${record.config.Comment}`),
    ...[...state.originAccessControls.values()].map((record) => `cloudfront:origin-access-control:${record.config.Name}`),
  ];
}
