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
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { staticSite } from '../../scripts/10-deploy-site';
import { PRIVATE_BUCKET } from '../../scripts/lib/builders/bucket-config';
import { contentSecurityPolicy, withContentSecurityPolicy } from '../../scripts/lib/builders/content-security-policy';
import { DeployError } from '../../scripts/lib/engine/errors';
import { siteBucketPolicy } from '../../scripts/lib/builders/policies';
import { siteConfigScript } from '../../scripts/lib/build/site-files';
import { stackTags, tagList } from '../../scripts/lib/builders/tags';
import { s3Error, writeCommands } from '../support/aws-errors';
import { TEST_DISTRIBUTION, TEST_SITE, testContext } from '../support/context';

const BUCKET = 'rekog-site-123456789012-us-east-1';
const API_URL = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod';
const UPLOAD_BUCKET = 'rekog-uploads-123456789012-us-east-1';

const md5 = (body: Buffer | string) => createHash('md5').update(body).digest('hex');

describe('10 deploy-site', () => {
  const ctx = testContext();
  const inputs = {} as Parameters<typeof staticSite.ensure>[1];
  const s3 = mockClient(ctx.clients.s3);
  const cloudfront = mockClient(ctx.clients.cloudfront);
  /** The files of site/ as keys, as the step names them (config.js is generated, not read). */
  const localKeys = (readdirSync(ctx.paths.site, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((key) => statSync(path.join(ctx.paths.site, key)).isFile() && !key.split('/').some((part) => part.startsWith('.')) && key !== 'config.js');

  function configScript(apiUrl = API_URL): string {
    const { maxUploadBytes, uploadUrlExpirySeconds, stack, region } = ctx.settings;
    return siteConfigScript({ apiUrl, maxUploadBytes, uploadUrlExpirySeconds, stack, region });
  }

  /** index.html as deployed: with its CSP naming the API and the upload bucket. */
  function page(apiUrl = API_URL): string {
    const policy = contentSecurityPolicy({ api: apiUrl, uploads: `https://${UPLOAD_BUCKET}.s3.us-east-1.amazonaws.com` });
    return withContentSecurityPolicy(readFileSync(path.join(ctx.paths.site, 'index.html'), 'utf8'), policy);
  }

  /** Key → ETag (quoted MD5, as S3 lists it) of the site as this code would deploy it. */
  function deployedObjects(): Map<string, string> {
    const objects = new Map(localKeys.map((key) => [key, `"${md5(readFileSync(path.join(ctx.paths.site, key)))}"`]));
    objects.set('config.js', `"${md5(configScript())}"`);
    objects.set('index.html', `"${md5(page())}"`);
    return objects;
  }

  function listing(objects: Map<string, string>) {
    return { Contents: [...objects].map(([Key, ETag]) => ({ Key, ETag })), IsTruncated: false };
  }

  function existingSite(tags = tagList(stackTags('rekog'))) {
    s3.on(HeadBucketCommand).resolves({});
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: tags });
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: PRIVATE_BUCKET });
    s3.on(GetBucketWebsiteCommand).rejects(s3Error('NoSuchWebsiteConfiguration'));
    s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(siteBucketPolicy(BUCKET, ctx.scope, TEST_DISTRIBUTION.distributionArn)) });
    s3.on(ListObjectsV2Command).resolves(listing(deployedObjects()));
  }

  function uploads() {
    return s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
  }

  beforeEach(() => {
    s3.reset();
    cloudfront.reset();
    cloudfront.on(CreateInvalidationCommand).resolves({ Invalidation: { Id: 'I1', Status: 'InProgress', CreateTime: new Date(), InvalidationBatch: undefined } });
    inputs['create-api'] = { apiId: 'a1b2c3d4e5', apiUrl: API_URL };
    inputs['create-distribution'] = TEST_DISTRIBUTION;
  });

  describe('ensure', () => {
    test('a missing site bucket is created private (policy for the distribution only, then all four blocks), and every file uploaded', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('NotFound', 404));
      s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagList(stackTags('rekog')) });
      s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration'));
      s3.on(GetBucketWebsiteCommand).rejects(s3Error('NoSuchWebsiteConfiguration'));
      s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucketPolicy'));

      const result = await staticSite.ensure(ctx, inputs);

      expect(result).toMatchObject({ action: 'created', outputs: { siteBucket: BUCKET, siteUrl: TEST_SITE.url } });
      expect(s3.commandCalls(CreateBucketCommand)[0].args[0].input.CreateBucketConfiguration?.Tags).toEqual([{ Key: 'rekog-deploy:stack', Value: 'rekog' }]);
      expect(writeCommands(s3).slice(0, 3)).toEqual(['CreateBucketCommand', 'PutBucketPolicyCommand', 'PutPublicAccessBlockCommand']);
      expect(s3.commandCalls(PutPublicAccessBlockCommand)[0].args[0].input.PublicAccessBlockConfiguration).toEqual(PRIVATE_BUCKET);
      const policy = JSON.parse(s3.commandCalls(PutBucketPolicyCommand)[0].args[0].input.Policy ?? '');
      expect(policy.Statement[0]).toMatchObject({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['s3:GetObject'],
        Condition: { StringEquals: { 'AWS:SourceArn': TEST_DISTRIBUTION.distributionArn } },
      });
      expect(JSON.stringify(policy)).not.toContain('"Principal":"*","Action":["s3:GetObject"');
      expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
      expect(uploads().map((input) => input.Key).sort()).toEqual([...localKeys, 'config.js'].sort());
      // Nothing of a new bucket was ever cached.
      expect(cloudfront.commandCalls(CreateInvalidationCommand)).toHaveLength(0);
    });

    test('files are uploaded with their Content-Type; pages and config.js are never cached; the page carries its CSP', async () => {
      existingSite();
      s3.on(ListObjectsV2Command).resolves({ Contents: [] });
      await staticSite.ensure(ctx, inputs);
      const byKey = new Map(uploads().map((input) => [input.Key, input]));
      expect(byKey.get('index.html')).toMatchObject({ ContentType: 'text/html; charset=utf-8', CacheControl: 'no-cache' });
      expect(byKey.get('styles.css')).toMatchObject({ ContentType: 'text/css; charset=utf-8', CacheControl: 'public, max-age=300' });
      expect(byKey.get('app.js')).toMatchObject({ ContentType: 'text/javascript; charset=utf-8' });
      expect(byKey.get('favicon.svg')).toMatchObject({ ContentType: 'image/svg+xml' });
      expect(byKey.get('config.js')).toMatchObject({ ContentType: 'text/javascript; charset=utf-8', CacheControl: 'no-cache' });
      expect(String(byKey.get('index.html')?.Body)).toContain(
        `connect-src https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com https://${UPLOAD_BUCKET}.s3.us-east-1.amazonaws.com;`,
      );
    });

    test('a changed config.js is uploaded, and CloudFront told to fetch it again', async () => {
      existingSite();
      inputs['create-api'] = { apiId: 'zz9', apiUrl: 'https://zz9.execute-api.us-east-1.amazonaws.com/prod' };
      const result = await staticSite.ensure(ctx, inputs);
      expect(result.action).toBe('updated');
      // The CSP names the API's origin too, so the page changes with it.
      expect(uploads().map((input) => input.Key).sort()).toEqual(['config.js', 'index.html']);
      const body = String(uploads().find((input) => input.Key === 'config.js')?.Body);
      expect(body).toContain('"apiUrl": "https://zz9.execute-api.us-east-1.amazonaws.com/prod"');
      expect(body).toMatch(/^window\.REKOG_CONFIG = /);
      expect(cloudfront.commandCalls(CreateInvalidationCommand)[0].args[0].input).toMatchObject({
        DistributionId: TEST_DISTRIBUTION.distributionId,
        InvalidationBatch: { Paths: { Quantity: 3, Items: ['/', '/config.js', '/index.html'] } },
      });
    });

    test('second up makes no write calls: every listed ETag matches its file, nothing to invalidate', async () => {
      existingSite();
      const result = await staticSite.ensure(ctx, inputs);
      expect(result).toMatchObject({ action: 'unchanged', changes: [] });
      expect(writeCommands(s3)).toEqual([]);
      expect(cloudfront.calls()).toHaveLength(0);
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
      expect(cloudfront.commandCalls(CreateInvalidationCommand)[0].args[0].input.InvalidationBatch?.Paths?.Items).toEqual(['/app.js', '/img/old.png', '/old.js']);
    });

    test('a bucket an earlier version made a public website becomes private: its policy replaced, the blocks on, hosting off', async () => {
      existingSite();
      s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false } });
      s3.on(GetBucketWebsiteCommand).resolves({ IndexDocument: { Suffix: 'index.html' } });
      const publicRead = { Version: '2012-10-17', Statement: [{ Sid: 'PublicReadOfSiteFiles', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${BUCKET}/*`] }] };
      s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(publicRead) });
      const result = await staticSite.ensure(ctx, inputs);
      expect(result).toMatchObject({ action: 'updated', changes: ['distribution-only policy', 'public access block', 'website hosting still on'] });
      expect(writeCommands(s3)).toEqual(['PutBucketPolicyCommand', 'PutPublicAccessBlockCommand', 'DeleteBucketWebsiteCommand']);
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

    test('a same-named bucket without the stack tag is left alone and listed', async () => {
      s3.on(HeadBucketCommand).resolves({});
      s3.on(GetBucketTaggingCommand).rejects(s3Error('NoSuchTagSet'));
      const result = await staticSite.destroy(ctx, { keepData: false });
      expect(result).toMatchObject({ action: 'absent', leftAlone: [{ kind: 'Site bucket', name: BUCKET }] });
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

      expect(result).toMatchObject({ action: 'deleted', deleted: [{ kind: 'Site bucket', name: BUCKET }] });
      expect(writeCommands(s3)).toEqual(['DeleteObjectsCommand', 'DeleteObjectsCommand', 'DeleteBucketCommand']);
      expect(s3.commandCalls(DeleteObjectsCommand).flatMap((call) => call.args[0].input.Delete?.Objects)).toEqual([
        { Key: 'index.html', VersionId: 'null' },
        { Key: 'old.js', VersionId: 'd1' },
      ]);
      expect(s3.commandCalls(DeleteBucketCommand)[0].args[0].input).toEqual({ Bucket: BUCKET });
    });
  });
});
