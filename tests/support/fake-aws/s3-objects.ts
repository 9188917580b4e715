import { Readable } from 'node:stream';
import {
  NoSuchKey,
  NotFound,
  type DeleteObjectCommandInput,
  type DeleteObjectCommandOutput,
  type DeleteObjectsCommandInput,
  type DeleteObjectsCommandOutput,
  type DeletedObject,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  type HeadObjectCommandInput,
  type HeadObjectCommandOutput,
  type ListObjectVersionsCommandInput,
  type ListObjectVersionsCommandOutput,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
} from '@aws-sdk/client-s3';
import type { FakeContext, Operations, Out } from './context';
import { awsError, unmodelledError } from './errors';
import type { BucketRecord } from './s3';
import { bytesOf, md5Hex, randomString, sha256Hex } from './util';

export interface ObjectVersion {
  versionId: string;
  deleteMarker: boolean;
  body: Buffer;
  etag: string;
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  metadata: Record<string, string>;
  lastModified: Date;
}

const LIST_LIMIT = 1000;

/** What GetObject's Body offers: a Node stream with the SDK's transformTo* helpers. */
function streamingBody(bytes: Buffer): GetObjectCommandOutput['Body'] {
  const stream = Readable.from([bytes]);
  return Object.assign(stream, {
    transformToByteArray: async () => new Uint8Array(bytes),
    transformToString: async (encoding?: string) => bytes.toString((encoding as BufferEncoding) ?? 'utf8'),
    transformToWebStream: () => new Blob([new Uint8Array(bytes)]).stream(),
  }) as unknown as GetObjectCommandOutput['Body'];
}

function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export function s3ObjectOperations(ctx: FakeContext, bucket: (input: { Bucket?: string }) => BucketRecord): Operations {
  function newVersionId(record: BucketRecord): string {
    return record.versioning === 'Enabled' ? randomString(32, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._') : 'null';
  }

  /** Adds a version the way S3 does: it replaces the "null" version unless versioning is enabled. */
  function addVersion(record: BucketRecord, key: string, version: ObjectVersion): void {
    const versions = (record.objects.get(key) ?? []).filter((existing) => version.versionId !== 'null' || existing.versionId !== 'null');
    record.objects.set(key, [version, ...versions]);
  }

  function current(record: BucketRecord, key: string, versionId: string | undefined): ObjectVersion | undefined {
    const versions = record.objects.get(key) ?? [];
    const version = versionId ? versions.find((candidate) => candidate.versionId === versionId) : versions[0];
    return version?.deleteMarker ? undefined : version;
  }

  function deleteOne(record: BucketRecord, key: string, versionId: string | undefined): DeletedObject {
    const versions = record.objects.get(key) ?? [];
    if (versionId) {
      const removed = versions.find((version) => version.versionId === versionId);
      const remaining = versions.filter((version) => version !== removed);
      if (remaining.length) record.objects.set(key, remaining);
      else record.objects.delete(key);
      return { Key: key, VersionId: versionId, DeleteMarker: removed?.deleteMarker || undefined };
    }
    if (!record.versioning) {
      record.objects.delete(key);
      return { Key: key };
    }
    const marker: ObjectVersion = {
      versionId: newVersionId(record),
      deleteMarker: true,
      body: Buffer.alloc(0),
      etag: '',
      metadata: {},
      lastModified: ctx.now(),
    };
    addVersion(record, key, marker);
    return { Key: key, DeleteMarker: true, DeleteMarkerVersionId: marker.versionId };
  }

  function versionIdOf(record: BucketRecord, version: ObjectVersion): string | undefined {
    return record.versioning ? version.versionId : undefined;
  }

  return {
    PutObject: async (input: PutObjectCommandInput): Promise<Out<PutObjectCommandOutput>> => {
      const record = bucket(input);
      const body = await bytesOf(input.Body);
      const version: ObjectVersion = {
        versionId: newVersionId(record),
        deleteMarker: false,
        body,
        etag: `"${md5Hex(body)}"`,
        contentType: input.ContentType ?? 'binary/octet-stream',
        cacheControl: input.CacheControl,
        contentDisposition: input.ContentDisposition,
        contentEncoding: input.ContentEncoding,
        metadata: { ...input.Metadata },
        lastModified: ctx.now(),
      };
      addVersion(record, input.Key ?? '', version);
      return { ETag: version.etag, VersionId: versionIdOf(record, version), ServerSideEncryption: 'AES256' };
    },

    HeadObject: (input: HeadObjectCommandInput): Out<HeadObjectCommandOutput> => {
      const record = bucket(input);
      const version = current(record, input.Key ?? '', input.VersionId);
      if (!version) throw awsError(NotFound, 404, 'Not Found');
      return {
        AcceptRanges: 'bytes',
        LastModified: version.lastModified,
        ContentLength: version.body.length,
        ETag: version.etag,
        VersionId: versionIdOf(record, version),
        CacheControl: version.cacheControl,
        ContentDisposition: version.contentDisposition,
        ContentEncoding: version.contentEncoding,
        ContentType: version.contentType,
        ServerSideEncryption: 'AES256',
        Metadata: { ...version.metadata },
      };
    },

    GetObject: (input: GetObjectCommandInput): Out<GetObjectCommandOutput> => {
      const record = bucket(input);
      const version = current(record, input.Key ?? '', input.VersionId);
      if (!version) throw awsError(NoSuchKey, 404, 'The specified key does not exist.');
      return {
        Body: streamingBody(version.body),
        AcceptRanges: 'bytes',
        LastModified: version.lastModified,
        ContentLength: version.body.length,
        ETag: version.etag,
        VersionId: versionIdOf(record, version),
        CacheControl: version.cacheControl,
        ContentType: version.contentType,
        Metadata: { ...version.metadata },
      };
    },

    ListObjectsV2: (input: ListObjectsV2CommandInput): Out<ListObjectsV2CommandOutput> => {
      const record = bucket(input);
      const prefix = input.Prefix ?? '';
      const maxKeys = Math.min(input.MaxKeys ?? LIST_LIMIT, LIST_LIMIT);
      const after = input.ContinuationToken ? Buffer.from(input.ContinuationToken, 'base64url').toString() : (input.StartAfter ?? '');
      const entries = new Map<string, ObjectVersion | undefined>();
      for (const key of [...record.objects.keys()].sort(compareKeys)) {
        const version = current(record, key, undefined);
        if (!version || !key.startsWith(prefix)) continue;
        const cut = input.Delimiter ? key.indexOf(input.Delimiter, prefix.length) : -1;
        if (cut >= 0) entries.set(key.slice(0, cut + (input.Delimiter as string).length), undefined);
        else entries.set(key, version);
      }
      const remaining = [...entries].filter(([name]) => compareKeys(name, after) > 0);
      const pageEntries = remaining.slice(0, maxKeys);
      const truncated = remaining.length > maxKeys;
      const contents = pageEntries.filter(([, version]) => version);
      const prefixes = pageEntries.filter(([, version]) => !version);
      return {
        IsTruncated: truncated,
        Contents: contents.length
          ? contents.map(([Key, version]) => ({
              Key,
              LastModified: version?.lastModified,
              ETag: version?.etag,
              Size: version?.body.length,
              StorageClass: 'STANDARD',
            }))
          : undefined,
        CommonPrefixes: prefixes.length ? prefixes.map(([Prefix]) => ({ Prefix })) : undefined,
        Name: record.name,
        Prefix: prefix,
        Delimiter: input.Delimiter,
        MaxKeys: maxKeys,
        KeyCount: pageEntries.length,
        ContinuationToken: input.ContinuationToken,
        NextContinuationToken: truncated ? Buffer.from(pageEntries[pageEntries.length - 1][0]).toString('base64url') : undefined,
        StartAfter: input.StartAfter,
      };
    },

    ListObjectVersions: (input: ListObjectVersionsCommandInput): Out<ListObjectVersionsCommandOutput> => {
      const record = bucket(input);
      const prefix = input.Prefix ?? '';
      const maxKeys = Math.min(input.MaxKeys ?? LIST_LIMIT, LIST_LIMIT);
      const all = [...record.objects.keys()]
        .filter((key) => key.startsWith(prefix))
        .sort(compareKeys)
        .flatMap((key) => (record.objects.get(key) ?? []).map((version, index) => ({ key, version, latest: index === 0 })));
      const keyMarker = input.KeyMarker;
      let start = 0;
      if (keyMarker !== undefined && input.VersionIdMarker) {
        start = all.findIndex((entry) => entry.key === keyMarker && entry.version.versionId === input.VersionIdMarker) + 1;
      } else if (keyMarker !== undefined) {
        start = all.filter((entry) => compareKeys(entry.key, keyMarker) <= 0).length;
      }
      const pageEntries = all.slice(start, start + maxKeys);
      const truncated = start + maxKeys < all.length;
      const last = pageEntries[pageEntries.length - 1];
      const versions = pageEntries.filter((entry) => !entry.version.deleteMarker);
      const markers = pageEntries.filter((entry) => entry.version.deleteMarker);
      return {
        IsTruncated: truncated,
        KeyMarker: input.KeyMarker ?? '',
        VersionIdMarker: input.VersionIdMarker,
        NextKeyMarker: truncated ? last.key : undefined,
        NextVersionIdMarker: truncated ? last.version.versionId : undefined,
        Versions: versions.length
          ? versions.map(({ key, version, latest }) => ({
              Key: key,
              VersionId: version.versionId,
              IsLatest: latest,
              LastModified: version.lastModified,
              ETag: version.etag,
              Size: version.body.length,
              StorageClass: 'STANDARD',
            }))
          : undefined,
        DeleteMarkers: markers.length
          ? markers.map(({ key, version, latest }) => ({ Key: key, VersionId: version.versionId, IsLatest: latest, LastModified: version.lastModified }))
          : undefined,
        Name: record.name,
        Prefix: prefix,
        MaxKeys: maxKeys,
      };
    },

    DeleteObjects: (input: DeleteObjectsCommandInput): Out<DeleteObjectsCommandOutput> => {
      const record = bucket(input);
      const objects = input.Delete?.Objects ?? [];
      if (objects.length === 0 || objects.length > LIST_LIMIT) {
        throw unmodelledError('s3', 'MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
      }
      const deleted = objects.map((object) => deleteOne(record, object.Key ?? '', object.VersionId));
      return input.Delete?.Quiet ? {} : { Deleted: deleted };
    },

    DeleteObject: (input: DeleteObjectCommandInput): Out<DeleteObjectCommandOutput> => {
      const result = deleteOne(bucket(input), input.Key ?? '', input.VersionId);
      return { DeleteMarker: result.DeleteMarker, VersionId: result.DeleteMarkerVersionId ?? result.VersionId };
    },
  };
}

/** Object contents as text when they are text (so ids inside them can be normalised), else a hash. */
function contentOf(body: Buffer): string {
  const text = body.toString('utf8');
  const isText = body.length <= 64 * 1024 && !text.includes('\u0000') && Buffer.from(text).equals(body);
  return isText ? text : `sha256:${sha256Hex(body)}`;
}

export function objectsSnapshot(record: BucketRecord): unknown {
  return Object.fromEntries(
    [...record.objects.keys()].sort(compareKeys).map((key) => [
      key,
      (record.objects.get(key) ?? []).map((version) =>
        version.deleteMarker
          ? { deleteMarker: true }
          : {
              content: contentOf(version.body),
              contentType: version.contentType,
              cacheControl: version.cacheControl,
              contentDisposition: version.contentDisposition,
              contentEncoding: version.contentEncoding,
              metadata: version.metadata,
            },
      ),
    ]),
  );
}
