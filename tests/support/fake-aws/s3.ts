import {
  AccessDenied,
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  NoSuchBucket,
  NotFound,
  type CORSRule,
  type CreateBucketCommandInput,
  type CreateBucketCommandOutput,
  type GetBucketCorsCommandOutput,
  type GetBucketEncryptionCommandOutput,
  type GetBucketLifecycleConfigurationCommandOutput,
  type GetBucketNotificationConfigurationCommandOutput,
  type GetBucketPolicyCommandOutput,
  type GetBucketTaggingCommandOutput,
  type GetBucketVersioningCommandOutput,
  type GetBucketWebsiteCommandOutput,
  type GetPublicAccessBlockCommandOutput,
  type HeadBucketCommandOutput,
  type LifecycleRule,
  type NotificationConfiguration,
  type PublicAccessBlockConfiguration,
  type PutBucketCorsCommandInput,
  type PutBucketEncryptionCommandInput,
  type PutBucketLifecycleConfigurationCommandInput,
  type PutBucketNotificationConfigurationCommandInput,
  type PutBucketPolicyCommandInput,
  type PutBucketTaggingCommandInput,
  type PutBucketVersioningCommandInput,
  type PutBucketWebsiteCommandInput,
  type PutPublicAccessBlockCommandInput,
  type ServerSideEncryptionConfiguration,
  type WebsiteConfiguration,
} from '@aws-sdk/client-s3';
import type { FakeContext, Operations, Out } from './context';
import { awsError, unmodelledError } from './errors';
import { invokableByS3 } from './lambda';
import { objectsSnapshot, s3ObjectOperations, type ObjectVersion } from './s3-objects';
import { stillWithin } from './realities';
import { copy, randomString, tagListOf, tagMapOf, type TagMap } from './util';

export interface BucketRecord {
  name: string;
  /** A bucket of another account: its name is taken, and every call on it is denied. */
  foreign: boolean;
  region: string;
  createdAt: Date;
  tags?: TagMap;
  publicAccessBlock?: PublicAccessBlockConfiguration;
  encryption?: ServerSideEncryptionConfiguration;
  policy?: string;
  cors?: CORSRule[];
  lifecycle?: LifecycleRule[];
  notification: NotificationConfiguration;
  /** Notification ids S3 made up because the request had none; snapshots hide them. */
  generatedNotificationIds: Set<string>;
  website?: WebsiteConfiguration;
  /** When BlockPublicPolicy was last turned off: S3 keeps refusing public policies for a moment. */
  publicPolicyUnblockedAt?: number;
  versioning?: 'Enabled' | 'Suspended';
  /** Versions of each key, newest first; an unversioned object has the single version "null". */
  objects: Map<string, ObjectVersion[]>;
}

export interface S3State {
  buckets: Map<string, BucketRecord>;
  /** Names of deleted buckets, with when: S3 frees a name after a while. */
  deletedAt: Map<string, number>;
}

export function createS3State(): S3State {
  return { buckets: new Map(), deletedAt: new Map() };
}

type BucketInput = { Bucket?: string };

/** Since 2023 S3 gives every new bucket all four Block Public Access settings and SSE-S3 encryption. */
export function newBucket(name: string, region: string, createdAt: Date, foreign = false): BucketRecord {
  return {
    name,
    foreign,
    region,
    createdAt,
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    encryption: defaultEncryption(),
    notification: {},
    generatedNotificationIds: new Set(),
    objects: new Map(),
  };
}

function defaultEncryption(): ServerSideEncryptionConfiguration {
  return { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] };
}

const VALID_BUCKET_NAME = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function grantsPublicAccess(policy: { Statement?: unknown }): boolean {
  const statements = [policy.Statement ?? []].flat() as { Effect?: string; Principal?: string | { AWS?: string | string[] } }[];
  return statements.some(({ Effect, Principal }) => {
    const everyone = Principal === '*' || (typeof Principal === 'object' && [Principal.AWS].flat().includes('*'));
    return Effect === 'Allow' && everyone;
  });
}

function capitalisedFilterNames(configuration: NotificationConfiguration): NotificationConfiguration {
  const lists = ['TopicConfigurations', 'QueueConfigurations', 'LambdaFunctionConfigurations'] as const;
  const result = copy(configuration);
  for (const list of lists) {
    for (const entry of result[list] ?? []) {
      for (const rule of entry.Filter?.Key?.FilterRules ?? []) {
        // S3 stores "prefix"/"suffix" and answers "Prefix"/"Suffix": a classic source of false drift.
        if (rule.Name) rule.Name = (rule.Name.charAt(0).toUpperCase() + rule.Name.slice(1)) as typeof rule.Name;
      }
    }
  }
  return result;
}

export function s3Operations(ctx: FakeContext): Operations {
  const { buckets, deletedAt } = ctx.state.s3;

  function bucket(input: BucketInput): BucketRecord {
    const found = buckets.get(input.Bucket ?? '');
    if (!found) throw awsError(NoSuchBucket, 404, 'The specified bucket does not exist');
    if (found.foreign) throw awsError(AccessDenied, 403, 'Access Denied');
    return found;
  }

  function missing(name: string, message: string): never {
    throw unmodelledError('s3', name, 404, message);
  }

  function validateDestinations(record: BucketRecord, configuration: NotificationConfiguration): void {
    const invalid = (configuration.LambdaFunctionConfigurations ?? []).filter(
      (entry) => !invokableByS3(ctx.state.lambda, entry.LambdaFunctionArn ?? '', record.name, ctx.accountId, ctx.now(), ctx.realities.permissionPropagationMs),
    );
    const topics = [...ctx.state.sns.topics.keys()];
    const invalidTopics = (configuration.TopicConfigurations ?? []).filter((entry) => !topics.includes(entry.TopicArn ?? ''));
    if (invalid.length || invalidTopics.length) {
      throw unmodelledError('s3', 'InvalidArgument', 400, 'Unable to validate the following destination configurations');
    }
  }

  return {
    HeadBucket: (input: BucketInput): Out<HeadBucketCommandOutput> => {
      const found = buckets.get(input.Bucket ?? '');
      if (!found) throw awsError(NotFound, 404, 'Not Found');
      if (found.foreign) throw unmodelledError('s3', 'Forbidden', 403, 'Forbidden');
      return { BucketRegion: found.region, AccessPointAlias: false };
    },

    CreateBucket: (input: CreateBucketCommandInput): Out<CreateBucketCommandOutput> => {
      const name = input.Bucket ?? '';
      if (!VALID_BUCKET_NAME.test(name)) throw unmodelledError('s3', 'InvalidBucketName', 400, 'The specified bucket is not valid.');
      const constraint = input.CreateBucketConfiguration?.LocationConstraint;
      if (ctx.region === 'us-east-1' && constraint) {
        throw unmodelledError('s3', 'InvalidLocationConstraint', 400, 'The specified location-constraint is not valid');
      }
      if (ctx.region !== 'us-east-1' && constraint !== ctx.region) {
        throw unmodelledError(
          's3',
          'IllegalLocationConstraintException',
          400,
          `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        );
      }
      const existing = buckets.get(name);
      if (existing?.foreign) {
        throw awsError(BucketAlreadyExists, 409, 'The requested bucket name is not available. Please select a different name and try again.');
      }
      if (!existing && stillWithin(ctx.now(), deletedAt.get(name), ctx.realities.bucketNameReleaseMs)) {
        throw unmodelledError('s3', 'OperationAborted', 409, 'A conflicting conditional operation is currently in progress against this resource. Please try again.');
      }
      const location = ctx.region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/`;
      if (existing) {
        // Documented legacy behaviour: in us-east-1 re-creating your own bucket succeeds.
        if (ctx.region === 'us-east-1') return { Location: location };
        throw awsError(BucketAlreadyOwnedByYou, 409, 'Your previous request to create the named bucket succeeded and you already own it.');
      }
      const record = newBucket(name, ctx.region, ctx.now());
      const tags = tagMapOf(input.CreateBucketConfiguration?.Tags);
      if (Object.keys(tags).length) record.tags = tags;
      buckets.set(name, record);
      return { Location: location, BucketArn: `arn:aws:s3:::${name}` };
    },

    DeleteBucket: (input: BucketInput) => {
      const record = bucket(input);
      if (record.objects.size) {
        throw unmodelledError('s3', 'BucketNotEmpty', 409, 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.');
      }
      buckets.delete(record.name);
      deletedAt.set(record.name, ctx.now().getTime());
      return {};
    },

    GetBucketTagging: (input: BucketInput): Out<GetBucketTaggingCommandOutput> => {
      const { tags } = bucket(input);
      if (!tags) missing('NoSuchTagSet', 'The TagSet does not exist');
      return { TagSet: tagListOf(tags) };
    },
    PutBucketTagging: (input: PutBucketTaggingCommandInput) => {
      const tags = tagMapOf(input.Tagging?.TagSet);
      bucket(input).tags = Object.keys(tags).length ? tags : undefined;
      return {};
    },
    DeleteBucketTagging: (input: BucketInput) => {
      bucket(input).tags = undefined;
      return {};
    },

    GetPublicAccessBlock: (input: BucketInput): Out<GetPublicAccessBlockCommandOutput> => {
      const configuration = bucket(input).publicAccessBlock;
      if (!configuration) missing('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
      return { PublicAccessBlockConfiguration: copy(configuration) };
    },
    PutPublicAccessBlock: (input: PutPublicAccessBlockCommandInput) => {
      const given = input.PublicAccessBlockConfiguration ?? {};
      const record = bucket(input);
      if (record.publicAccessBlock?.BlockPublicPolicy && !given.BlockPublicPolicy) record.publicPolicyUnblockedAt = ctx.now().getTime();
      record.publicAccessBlock = {
        BlockPublicAcls: given.BlockPublicAcls ?? false,
        IgnorePublicAcls: given.IgnorePublicAcls ?? false,
        BlockPublicPolicy: given.BlockPublicPolicy ?? false,
        RestrictPublicBuckets: given.RestrictPublicBuckets ?? false,
      };
      return {};
    },
    DeletePublicAccessBlock: (input: BucketInput) => {
      const record = bucket(input);
      if (record.publicAccessBlock?.BlockPublicPolicy) record.publicPolicyUnblockedAt = ctx.now().getTime();
      record.publicAccessBlock = undefined;
      return {};
    },

    GetBucketEncryption: (input: BucketInput): Out<GetBucketEncryptionCommandOutput> => {
      const configuration = bucket(input).encryption;
      if (!configuration) {
        missing('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found');
      }
      return { ServerSideEncryptionConfiguration: copy(configuration) };
    },
    PutBucketEncryption: (input: PutBucketEncryptionCommandInput) => {
      bucket(input).encryption = copy(input.ServerSideEncryptionConfiguration);
      return {};
    },
    DeleteBucketEncryption: (input: BucketInput) => {
      bucket(input).encryption = defaultEncryption();
      return {};
    },

    GetBucketPolicy: (input: BucketInput): Out<GetBucketPolicyCommandOutput> => {
      const { policy } = bucket(input);
      if (!policy) missing('NoSuchBucketPolicy', 'The bucket policy does not exist');
      return { Policy: policy };
    },
    PutBucketPolicy: (input: PutBucketPolicyCommandInput) => {
      const record = bucket(input);
      let document: { Statement?: unknown };
      try {
        document = JSON.parse(input.Policy ?? '');
      } catch {
        throw unmodelledError('s3', 'MalformedPolicy', 400, 'Policies must be valid JSON and the first byte must be \'{\'');
      }
      const unblocking = stillWithin(ctx.now(), record.publicPolicyUnblockedAt, ctx.realities.publicAccessBlockPropagationMs);
      if ((record.publicAccessBlock?.BlockPublicPolicy || unblocking) && grantsPublicAccess(document)) {
        throw awsError(
          AccessDenied,
          403,
          'User is not authorized to perform: s3:PutBucketPolicy because public policies are blocked by the BlockPublicPolicy block public access setting.',
        );
      }
      // S3 answers GetBucketPolicy with the document minified, not as it was sent.
      record.policy = JSON.stringify(document);
      return {};
    },
    DeleteBucketPolicy: (input: BucketInput) => {
      bucket(input).policy = undefined;
      return {};
    },

    GetBucketCors: (input: BucketInput): Out<GetBucketCorsCommandOutput> => {
      const { cors } = bucket(input);
      if (!cors) missing('NoSuchCORSConfiguration', 'The CORS configuration does not exist');
      return { CORSRules: copy(cors) };
    },
    PutBucketCors: (input: PutBucketCorsCommandInput) => {
      bucket(input).cors = copy(input.CORSConfiguration?.CORSRules ?? []);
      return {};
    },
    DeleteBucketCors: (input: BucketInput) => {
      bucket(input).cors = undefined;
      return {};
    },

    GetBucketLifecycleConfiguration: (input: BucketInput): Out<GetBucketLifecycleConfigurationCommandOutput> => {
      const { lifecycle } = bucket(input);
      if (!lifecycle) missing('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist');
      return { Rules: copy(lifecycle), TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
    },
    PutBucketLifecycleConfiguration: (input: PutBucketLifecycleConfigurationCommandInput) => {
      bucket(input).lifecycle = copy(input.LifecycleConfiguration?.Rules ?? []);
      return { TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
    },
    DeleteBucketLifecycle: (input: BucketInput) => {
      bucket(input).lifecycle = undefined;
      return {};
    },

    GetBucketNotificationConfiguration: (input: BucketInput): Out<GetBucketNotificationConfigurationCommandOutput> =>
      capitalisedFilterNames(bucket(input).notification),
    PutBucketNotificationConfiguration: (input: PutBucketNotificationConfigurationCommandInput) => {
      const record = bucket(input);
      const configuration = copy(input.NotificationConfiguration ?? {});
      if (!input.SkipDestinationValidation) validateDestinations(record, configuration);
      record.generatedNotificationIds.clear();
      const entries: { Id?: string }[] = [
        ...(configuration.TopicConfigurations ?? []),
        ...(configuration.QueueConfigurations ?? []),
        ...(configuration.LambdaFunctionConfigurations ?? []),
      ];
      for (const entry of entries) {
        if (!entry.Id) {
          entry.Id = Buffer.from(randomString(36)).toString('base64');
          record.generatedNotificationIds.add(entry.Id);
        }
      }
      record.notification = Object.fromEntries(
        Object.entries(configuration).filter(([, value]) => (Array.isArray(value) ? value.length > 0 : value !== undefined)),
      );
      return {};
    },

    GetBucketWebsite: (input: BucketInput): Out<GetBucketWebsiteCommandOutput> => {
      const { website } = bucket(input);
      if (!website) missing('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration');
      return copy(website);
    },
    PutBucketWebsite: (input: PutBucketWebsiteCommandInput) => {
      bucket(input).website = copy(input.WebsiteConfiguration ?? {});
      return {};
    },
    DeleteBucketWebsite: (input: BucketInput) => {
      bucket(input).website = undefined;
      return {};
    },

    GetBucketVersioning: (input: BucketInput): Out<GetBucketVersioningCommandOutput> => {
      const { versioning } = bucket(input);
      return versioning ? { Status: versioning } : {};
    },
    PutBucketVersioning: (input: PutBucketVersioningCommandInput) => {
      const status = input.VersioningConfiguration?.Status;
      if (status !== 'Enabled' && status !== 'Suspended') {
        throw unmodelledError('s3', 'MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
      }
      bucket(input).versioning = status;
      return {};
    },

    ...s3ObjectOperations(ctx, bucket),
  };
}

export function s3Snapshot(state: S3State): unknown {
  return Object.fromEntries(
    [...state.buckets.values()].map((record) => [
      record.name,
      record.foreign
        ? { foreign: true }
        : {
            region: record.region,
            tags: record.tags,
            publicAccessBlock: record.publicAccessBlock,
            encryption: record.encryption,
            policy: record.policy === undefined ? undefined : JSON.parse(record.policy),
            cors: record.cors,
            lifecycle: record.lifecycle,
            notification: JSON.parse(
              JSON.stringify(record.notification, (key, value) =>
                key === 'Id' && record.generatedNotificationIds.has(value) ? '<generated>' : value,
              ),
            ),
            website: record.website,
            versioning: record.versioning,
            objects: objectsSnapshot(record),
          },
    ]),
  );
}

export function s3Resources(state: S3State): string[] {
  return [...state.buckets.values()].filter((record) => !record.foreign).map((record) => `s3:bucket:${record.name}`);
}
