import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { staticSite } from '../../scripts/08-deploy-site';
import { PUBLIC_READ_BUCKET, SITE_WEBSITE } from '../../scripts/lib/builders/bucket-config';
import { DeployError } from '../../scripts/lib/engine/errors';
import { siteBucketPolicy } from '../../scripts/lib/builders/policies';
import { siteConfigScript } from '../../scripts/lib/build/site-files';
import { stackTags, tagList } from '../../scripts/lib/builders/tags';
import { s3Error, writeCommands } from '../support/aws-errors';
import { testContext } from '../support/context';

const BUCKET = 'rekog-site-123456789012-us-east-1';
const API_URL = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod';

const md5 = (body: Buffer | string) => createHash('md5').update(body).digest('hex');

describe('08 deploy-site', () => {
  const ctx = testContext();
  const inputs = {} as Parameters<typeof staticSite.ensure>[1];
  const s3 = mockClient(ctx.clients.s3);
  /** The files of site/ as keys, as the step names them (config.js is generated, not read). */
  const localKeys = (readdirSync(ctx.paths.site, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((key) => statSync(path.join(ctx.paths.site, key)).isFile() && !key.split('/').some((part) => part.startsWith('.')) && key !== 'config.js');

  function configScript(apiUrl = API_URL): string {
    const { maxUploadBytes, uploadUrlExpirySeconds, stack, region } = ctx.settings;
    return siteConfigScript({ apiUrl, maxUploadBytes, uploadUrlExpirySeconds, stack, region });
  }

  /** Key → ETag (quoted MD5, as S3 lists it) of the site as this code would deploy it. */
  function deployedObjects(): Map<string, string> {
    const objects = new Map(localKeys.map((key) => [key, `"${md5(readFileSync(path.join(ctx.paths.site, key)))}"`]));
    objects.set('config.js', `"${md5(configScript())}"`);
    return objects;
  }

  function listing(objects: Map<string, string>) {
    return { Contents: [...objects].map(([Key, ETag]) => ({ Key, ETag })), IsTruncated: false };
  }

  function existingSite(tags = tagList(stackTags('rekog'))) {
    s3.on(HeadBucketCommand).resolves({});
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: tags });
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: PUBLIC_READ_BUCKET });
    s3.on(GetBucketWebsiteCommand).resolves(SITE_WEBSITE);
    s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(siteBucketPolicy(BUCKET, ctx.scope)) });
    s3.on(ListObjectsV2Command).resolves(listing(deployedObjects()));
  }

  function uploads() {
    return s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
  }

  beforeEach(() => {
    s3.reset();
    inputs['create-api'] = { apiId: 'a1b2c3d4e5', apiUrl: API_URL };
  });

  describe('ensure', () => {
    test('an account that blocks public bucket policies gets a message saying so, after a minute of waiting, not a bare AccessDenied', async () => {
      existingSite();
      s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucketPolicy'));
      s3.on(PutBucketPolicyCommand).rejects(s3Error('AccessDenied', 403));
      const started = ctx.clock.now();
      await expect(staticSite.ensure(ctx, inputs)).rejects.toMatchObject({
        code: 'ACCESS_DENIED',
        message: expect.stringContaining('Block Public Access is on for the whole account'),
      });
      expect(ctx.clock.now() - started).toBeGreaterThanOrEqual(60_000);
    });

    test('a public policy refused for a moment after Block Public Access was relaxed is retried, not diagnosed', async () => {
      existingSite();
      s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucketPolicy'));
      s3.on(PutBucketPolicyCommand).rejectsOnce(s3Error('AccessDenied', 403)).rejectsOnce(s3Error('OperationAborted', 409)).resolves({});
      const result = await staticSite.ensure(ctx, inputs);
      expect(result.changes).toContain('public read policy');
      expect(s3.commandCalls(PutBucketPolicyCommand)).toHaveLength(3);
    });

    test('a missing site bucket is created, opened for public reads (access block before policy), hosted, and every file uploaded', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('NotFound', 404));
      s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagList(stackTags('rekog')) });
      s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration'));
      s3.on(GetBucketWebsiteCommand).rejects(s3Error('NoSuchWebsiteConfiguration'));
      s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucketPolicy'));

      const result = await staticSite.ensure(ctx, inputs);

      expect(result).toMatchObject({ action: 'created', outputs: { siteBucket: BUCKET, siteUrl: ctx.site.url } });
      expect(s3.commandCalls(CreateBucketCommand)[0].args[0].input.CreateBucketConfiguration?.Tags).toEqual([{ Key: 'rekog-deploy:stack', Value: 'rekog' }]);
      const writes = writeCommands(s3);
      expect(writes.slice(0, 4)).toEqual(['CreateBucketCommand', 'PutPublicAccessBlockCommand', 'PutBucketWebsiteCommand', 'PutBucketPolicyCommand']);
      expect(s3.commandCalls(PutPublicAccessBlockCommand)[0].args[0].input.PublicAccessBlockConfiguration).toEqual(PUBLIC_READ_BUCKET);
      expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
      expect(uploads().map((input) => input.Key).sort()).toEqual([...localKeys, 'config.js'].sort());
    });

    test('files are uploaded with their Content-Type; pages and config.js are never cached', async () => {
      existingSite();
      s3.on(ListObjectsV2Command).resolves({ Contents: [] });
      await staticSite.ensure(ctx, inputs);
      const byKey = new Map(uploads().map((input) => [input.Key, input]));
      expect(byKey.get('index.html')).toMatchObject({ ContentType: 'text/html; charset=utf-8', CacheControl: 'no-cache' });
      expect(byKey.get('styles.css')).toMatchObject({ ContentType: 'text/css; charset=utf-8', CacheControl: 'public, max-age=300' });
      expect(byKey.get('app.js')).toMatchObject({ ContentType: 'text/javascript; charset=utf-8' });
      expect(byKey.get('favicon.svg')).toMatchObject({ ContentType: 'image/svg+xml' });
      expect(byKey.get('config.js')).toMatchObject({ ContentType: 'text/javascript; charset=utf-8', CacheControl: 'no-cache' });
      expect(byKey.get('index.html')?.Body).toEqual(readFileSync(path.join(ctx.paths.site, 'index.html')));
    });

    test('config.js carries the API URL of create-api', async () => {
      existingSite();
      inputs['create-api'] = { apiId: 'zz9', apiUrl: 'https://zz9.execute-api.us-east-1.amazonaws.com/prod' };
      const result = await staticSite.ensure(ctx, inputs);
      expect(result.action).toBe('updated');
      expect(uploads().map((input) => input.Key)).toEqual(['config.js']);
      const body = String(uploads()[0].Body);
      expect(body).toContain('"apiUrl": "https://zz9.execute-api.us-east-1.amazonaws.com/prod"');
      expect(body).toMatch(/^window\.REKOG_CONFIG = /);
    });

    test('second up makes no write calls: every listed ETag matches its file', async () => {
      existingSite();
      const result = await staticSite.ensure(ctx, inputs);
      expect(result).toMatchObject({ action: 'unchanged', changes: [] });
      expect(writeCommands(s3)).toEqual([]);
    });

    test('only files whose MD5 differs from the listed ETag are uploaded; files gone from site/ are deleted (all pages read)', async () => {
      existingSite();
      const objects = [...deployedObjects()];
      objects.find(([key]) => key === 'app.js')![1] = `"${md5('an older app.js')}"`;
      const [first, second] = [objects.slice(0, 2), objects.slice(2)];
      s3.on(ListObjectsV2Command)
        .resolvesOnce({ Contents: [...first, ['old.js', '"0"']].map(([Key, ETag]) => ({ Key, ETag })), IsTruncated: true, NextContinuationToken: 'page-2' })
        .resolvesOnce({ Contents: [...second, ['img/old.png', '"1"']].map(([Key, ETag]) => ({ Key, ETag })), IsTruncated: false });

      const result = await staticSite.ensure(ctx, inputs);

      expect(result).toMatchObject({ action: 'updated', changes: ['1 file(s) uploaded', '2 file(s) removed'] });
      expect(s3.commandCalls(ListObjectsV2Command)[1].args[0].input.ContinuationToken).toBe('page-2');
      expect(uploads()).toEqual([expect.objectContaining({ Bucket: BUCKET, Key: 'app.js', ContentType: 'text/javascript; charset=utf-8' })]);
      expect(s3.commandCalls(DeleteObjectsCommand)[0].args[0].input).toEqual({
        Bucket: BUCKET,
        Delete: { Objects: [{ Key: 'img/old.png' }, { Key: 'old.js' }], Quiet: true },
      });
    });

    test('website hosting switched off is the only setting written back', async () => {
      existingSite();
      s3.on(GetBucketWebsiteCommand).rejects(s3Error('NoSuchWebsiteConfiguration'));
      const result = await staticSite.ensure(ctx, inputs);
      expect(result).toMatchObject({ action: 'updated', changes: ['website hosting'] });
      expect(writeCommands(s3)).toEqual(['PutBucketWebsiteCommand']);
      expect(s3.commandCalls(PutBucketWebsiteCommand)[0].args[0].input.WebsiteConfiguration).toEqual(SITE_WEBSITE);
    });

    test('a same-named bucket tagged for something else is refused with NOT_OURS, and nothing is written', async () => {
      existingSite([{ Key: 'team', Value: 'web' }]);
      const error = await staticSite.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeployError);
      expect(error).toMatchObject({ code: 'NOT_OURS', message: expect.stringContaining(BUCKET) });
      expect(writeCommands(s3)).toEqual([]);
    });

    test('a site bucket name owned by another account is BUCKET_NAME_TAKEN, suggesting --stack', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('Forbidden', 403));
      s3.on(CreateBucketCommand).rejects(s3Error('BucketAlreadyExists', 409));
      await expect(staticSite.ensure(ctx, inputs)).rejects.toMatchObject({ code: 'BUCKET_NAME_TAKEN', message: expect.stringContaining('--stack') });
      expect(writeCommands(s3)).toEqual(['CreateBucketCommand']);
    });

    test('CreateBucket answering BucketAlreadyExists is BUCKET_NAME_TAKEN, and no file is uploaded', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('NotFound', 404));
      s3.on(CreateBucketCommand).rejects(s3Error('BucketAlreadyExists', 409));
      await expect(staticSite.ensure(ctx, inputs)).rejects.toMatchObject({ code: 'BUCKET_NAME_TAKEN', message: expect.stringContaining('--stack') });
      expect(uploads()).toEqual([]);
    });
  });

  describe('destroy', () => {
    test('a missing site bucket is success: absent', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('NoSuchBucket', 404));
      const result = await staticSite.destroy(ctx, { keepData: false });
      expect(result.action).toBe('absent');
      expect(writeCommands(s3)).toEqual([]);
    });

    test('a same-named bucket without the stack tag is left alone and listed in notOurs', async () => {
      s3.on(HeadBucketCommand).resolves({});
      s3.on(GetBucketTaggingCommand).rejects(s3Error('NoSuchTagSet'));
      const result = await staticSite.destroy(ctx, { keepData: false });
      expect(result).toMatchObject({ action: 'absent', notOurs: [expect.stringContaining(BUCKET)] });
      expect(writeCommands(s3)).toEqual([]);
    });

    test('keys S3 did not delete (DeleteObjects Errors) fail the destroy, naming a few, and the bucket stays', async () => {
      s3.on(HeadBucketCommand).resolves({});
      s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagList(stackTags('rekog')) });
      s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'index.html', VersionId: 'null' }, { Key: 'app.js', VersionId: 'null' }], IsTruncated: false });
      s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'app.js', VersionId: 'null', Code: 'InternalError', Message: 'We encountered an internal error.' }] });
      const error = await staticSite.destroy(ctx, { keepData: false }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'PARTLY_FAILED', message: expect.stringContaining('1 object(s)') });
      expect((error as Error).message).toContain('app.js: InternalError');
      expect(writeCommands(s3)).toEqual(['DeleteObjectsCommand']);
    });

    test('keys refused to DeleteObjects are an access denial naming the two actions it needs', async () => {
      s3.on(HeadBucketCommand).resolves({});
      s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagList(stackTags('rekog')) });
      s3.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'index.html', VersionId: 'null' }], IsTruncated: false });
      s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'index.html', VersionId: 'null', Code: 'AccessDenied', Message: 'Access Denied' }] });
      await expect(staticSite.destroy(ctx, { keepData: false })).rejects.toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringContaining('s3:DeleteObject, s3:DeleteObjectVersion') });
    });

    test('--keep-data still removes the site bucket: emptied of every version and delete marker, page by page, then deleted', async () => {
      s3.on(HeadBucketCommand).resolves({});
      s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagList(stackTags('rekog')) });
      s3.on(ListObjectVersionsCommand)
        .resolvesOnce({ Versions: [{ Key: 'index.html', VersionId: 'null' }], IsTruncated: true, NextKeyMarker: 'index.html', NextVersionIdMarker: 'null' })
        .resolvesOnce({ DeleteMarkers: [{ Key: 'old.js', VersionId: 'd1' }], IsTruncated: false });
      s3.on(DeleteObjectsCommand).resolves({});

      const result = await staticSite.destroy(ctx, { keepData: true });

      expect(result).toMatchObject({ action: 'deleted', deleted: [BUCKET] });
      expect(writeCommands(s3)).toEqual(['DeleteObjectsCommand', 'DeleteObjectsCommand', 'DeleteBucketCommand']);
      expect(s3.commandCalls(DeleteObjectsCommand).flatMap((call) => call.args[0].input.Delete?.Objects)).toEqual([
        { Key: 'index.html', VersionId: 'null' },
        { Key: 'old.js', VersionId: 'd1' },
      ]);
      expect(s3.commandCalls(DeleteBucketCommand)[0].args[0].input).toEqual({ Bucket: BUCKET });
    });
  });
});
