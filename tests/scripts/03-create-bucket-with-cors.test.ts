import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
  PutBucketCorsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { uploadBucket } from '../../scripts/03-create-bucket-with-cors';
import { PRIVATE_BUCKET, uploadCorsRules, uploadLifecycleRules } from '../../scripts/lib/builders/bucket-config';
import { DeployError, toDeployError } from '../../scripts/lib/engine/errors';
import { uploadBucketPolicy } from '../../scripts/lib/builders/policies';
import { stackTags, tagList } from '../../scripts/lib/builders/tags';
import { s3Error, writeCommands } from '../support/aws-errors';
import { TEST_DISTRIBUTION, TEST_SITE, testContext } from '../support/context';

const BUCKET = 'rekog-uploads-123456789012-us-east-1';

describe('03 create-bucket-with-cors', () => {
  const ctx = testContext();
  const inputs = { 'create-distribution': TEST_DISTRIBUTION };
  const s3 = mockClient(ctx.clients.s3);
  beforeEach(() => s3.reset());

  /** A bucket as `up` leaves it; tests then break one piece. */
  function existingBucket(tags = tagList(stackTags('rekog'))) {
    s3.on(HeadBucketCommand).resolves({});
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: tags });
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: PRIVATE_BUCKET });
    // S3 adds BucketKeyEnabled on its own; that is not drift.
    s3.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    });
    s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(uploadBucketPolicy(BUCKET, ctx.scope)) });
    s3.on(GetBucketCorsCommand).resolves({ CORSRules: uploadCorsRules(TEST_SITE.origin) });
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({ Rules: uploadLifecycleRules(ctx.settings.dataExpiryDays) });
  }

  /** A bucket just made: only the tags given at creation, no other configuration. */
  function newBucketReads() {
    s3.on(HeadBucketCommand).rejects(s3Error('NotFound', 404));
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagList(stackTags('rekog')) });
    s3.on(GetPublicAccessBlockCommand).rejects(s3Error('NoSuchPublicAccessBlockConfiguration'));
    s3.on(GetBucketEncryptionCommand).rejects(s3Error('ServerSideEncryptionConfigurationNotFoundError'));
    s3.on(GetBucketPolicyCommand).rejects(s3Error('NoSuchBucketPolicy'));
    s3.on(GetBucketCorsCommand).rejects(s3Error('NoSuchCORSConfiguration'));
    s3.on(GetBucketLifecycleConfigurationCommand).rejects(s3Error('NoSuchLifecycleConfiguration'));
  }

  describe('ensure', () => {
    test('a missing bucket is created with the stack tag, then made private, encrypted, TLS-only, with CORS and expiry', async () => {
      newBucketReads();
      const result = await uploadBucket.ensure(ctx, inputs);

      expect(result.action).toBe('created');
      expect(result.outputs).toEqual({ uploadBucket: BUCKET, uploadBucketArn: `arn:aws:s3:::${BUCKET}` });
      const [create] = s3.commandCalls(CreateBucketCommand);
      expect(create.args[0].input).toMatchObject({
        Bucket: BUCKET,
        ObjectOwnership: 'BucketOwnerEnforced',
        CreateBucketConfiguration: { Tags: [{ Key: 'rekog-deploy:stack', Value: 'rekog' }] },
      });
      expect(create.args[0].input.CreateBucketConfiguration?.LocationConstraint).toBeUndefined();
      expect(s3.commandCalls(PutPublicAccessBlockCommand)[0].args[0].input.PublicAccessBlockConfiguration).toEqual(PRIVATE_BUCKET);
      expect(s3.commandCalls(PutBucketEncryptionCommand)).toHaveLength(1);
      expect(JSON.parse(s3.commandCalls(PutBucketPolicyCommand)[0].args[0].input.Policy ?? '')).toEqual(uploadBucketPolicy(BUCKET, ctx.scope));
      const cors = s3.commandCalls(PutBucketCorsCommand)[0].args[0].input.CORSConfiguration?.CORSRules;
      expect(cors?.[0].AllowedOrigins).toEqual([TEST_SITE.origin]);
      const lifecycle = s3.commandCalls(PutBucketLifecycleConfigurationCommand)[0].args[0].input.LifecycleConfiguration?.Rules;
      expect(lifecycle?.[0]).toMatchObject({ Filter: { Prefix: 'uploads/' }, Expiration: { Days: ctx.settings.dataExpiryDays } });
      expect(s3.commandCalls(PutBucketTaggingCommand)).toHaveLength(0);
    });

    test('outside us-east-1 the bucket is created with the region as location constraint', async () => {
      const euCtx = testContext({ settings: { region: 'eu-west-1' }, clients: ctx.clients });
      newBucketReads();
      await uploadBucket.ensure(euCtx, inputs);
      const input = s3.commandCalls(CreateBucketCommand)[0].args[0].input;
      expect(input.Bucket).toBe('rekog-uploads-123456789012-eu-west-1');
      expect(input.CreateBucketConfiguration?.LocationConstraint).toBe('eu-west-1');
    });

    test('when S3 drops the creation tags, the stack tag is put on afterwards', async () => {
      newBucketReads();
      s3.on(GetBucketTaggingCommand).rejects(s3Error('NoSuchTagSet'));
      await uploadBucket.ensure(ctx, inputs);
      expect(s3.commandCalls(PutBucketTaggingCommand)[0].args[0].input).toEqual({
        Bucket: BUCKET,
        Tagging: { TagSet: [{ Key: 'rekog-deploy:stack', Value: 'rekog' }] },
      });
    });

    test('second up makes no write calls: an existing matching bucket is unchanged', async () => {
      existingBucket();
      const result = await uploadBucket.ensure(ctx, inputs);
      expect(result.action).toBe('unchanged');
      expect(result.changes).toEqual([]);
      expect(writeCommands(s3)).toEqual([]);
    });

    test('drifted CORS is the only thing written back', async () => {
      existingBucket();
      s3.on(GetBucketCorsCommand).resolves({ CORSRules: uploadCorsRules('*') });
      const result = await uploadBucket.ensure(ctx, inputs);
      expect(result.action).toBe('updated');
      expect(result.changes).toEqual(['CORS']);
      expect(writeCommands(s3)).toEqual(['PutBucketCorsCommand']);
      expect(s3.commandCalls(PutBucketCorsCommand)[0].args[0].input.CORSConfiguration?.CORSRules?.[0].AllowedOrigins).toEqual([TEST_SITE.origin]);
    });

    test('a same-named bucket tagged for something else is refused with NOT_OURS, and nothing is written', async () => {
      existingBucket([{ Key: 'owner', Value: 'someone-else' }]);
      const error = await uploadBucket.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeployError);
      expect(error).toMatchObject({ code: 'NOT_OURS' });
      expect(writeCommands(s3)).toEqual([]);
    });

    test('a bucket name owned by another account (HeadBucket 403, CreateBucket BucketAlreadyExists) is BUCKET_NAME_TAKEN, suggesting --stack', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('Forbidden', 403));
      s3.on(CreateBucketCommand).rejects(s3Error('BucketAlreadyExists', 409));
      const error = await uploadBucket.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'BUCKET_NAME_TAKEN', message: expect.stringContaining('--stack') });
      expect(writeCommands(s3)).toEqual(['CreateBucketCommand']);
    });

    test('our own bucket refused to HeadBucket (no s3:ListBucket) is ACCESS_DENIED naming s3:ListBucket, not a taken name', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('Forbidden', 403));
      s3.on(CreateBucketCommand).rejects(s3Error('BucketAlreadyOwnedByYou', 409));
      const error = await uploadBucket.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringContaining('s3:ListBucket') });
      expect(writeCommands(s3)).toEqual(['CreateBucketCommand']);
    });

    test('status and down cannot tell the two apart without creating: they say both, and write nothing', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('Forbidden', 403));
      const error = await uploadBucket.inspect(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringMatching(/another AWS account.*s3:ListBucket/) });
      await expect(uploadBucket.destroy(ctx, { keepData: false })).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
      expect(writeCommands(s3)).toEqual([]);
    });

    test('a name deleted a moment ago (OperationAborted) is retried until S3 frees it', async () => {
      newBucketReads();
      s3.on(CreateBucketCommand).rejectsOnce(s3Error('OperationAborted', 409)).rejectsOnce(s3Error('OperationAborted', 409)).resolves({});
      const result = await uploadBucket.ensure(ctx, inputs);
      expect(result.action).toBe('created');
      expect(s3.commandCalls(CreateBucketCommand)).toHaveLength(3);
    });

    test('creation refused for lack of s3:TagResource names it: creating with tags needs it', async () => {
      newBucketReads();
      s3.on(CreateBucketCommand).rejects(Object.assign(s3Error('AccessDenied', 403), { $call: { service: 's3', operation: 'CreateBucket' } }));
      const error = await uploadBucket.ensure(ctx, inputs).catch((caught: unknown) => toDeployError(caught));
      expect(error).toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringContaining('s3:TagResource') });
    });

    test('CreateBucket answering BucketAlreadyExists is BUCKET_NAME_TAKEN, suggesting --stack', async () => {
      newBucketReads();
      s3.on(CreateBucketCommand).rejects(s3Error('BucketAlreadyExists', 409));
      const error = await uploadBucket.ensure(ctx, inputs).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'BUCKET_NAME_TAKEN', message: expect.stringContaining('--stack') });
      expect(writeCommands(s3)).toEqual(['CreateBucketCommand']);
    });
  });

  describe('destroy', () => {
    test('--keep-data names the upload bucket kept and writes nothing', async () => {
      s3.on(HeadBucketCommand).resolves({});
      s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagList(stackTags('rekog')) });
      const result = await uploadBucket.destroy(ctx, { keepData: true });
      expect(result).toEqual({ action: 'kept', deleted: [], kept: [{ kind: 'Upload bucket', name: BUCKET }], leftAlone: [] });
      expect(writeCommands(s3)).toEqual([]);
    });

    test('--keep-data with no upload bucket keeps nothing: absent', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('NotFound', 404));
      expect(await uploadBucket.destroy(ctx, { keepData: true })).toMatchObject({ action: 'absent', kept: [] });
    });

    test('a missing bucket is success: absent', async () => {
      s3.on(HeadBucketCommand).rejects(s3Error('NotFound', 404));
      const result = await uploadBucket.destroy(ctx, { keepData: false });
      expect(result.action).toBe('absent');
      expect(writeCommands(s3)).toEqual([]);
    });

    test('a same-named bucket without the stack tag is left alone and listed', async () => {
      s3.on(HeadBucketCommand).resolves({});
      s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'owner', Value: 'someone-else' }] });
      const result = await uploadBucket.destroy(ctx, { keepData: false });
      expect(result.action).toBe('absent');
      expect(result.leftAlone).toEqual([{ kind: 'Upload bucket', name: BUCKET }]);
      expect(writeCommands(s3)).toEqual([]);
    });

    test('every version and delete marker is deleted, page by page, before DeleteBucket', async () => {
      s3.on(HeadBucketCommand).resolves({});
      s3.on(GetBucketTaggingCommand).resolves({ TagSet: tagList(stackTags('rekog')) });
      s3.on(ListObjectVersionsCommand)
        .resolvesOnce({
          Versions: [
            { Key: 'uploads/a.jpg', VersionId: 'v1' },
            { Key: 'uploads/a.jpg', VersionId: 'v2' },
          ],
          DeleteMarkers: [{ Key: 'uploads/b.jpg', VersionId: 'm1' }],
          IsTruncated: true,
          NextKeyMarker: 'uploads/b.jpg',
          NextVersionIdMarker: 'm1',
        })
        .resolvesOnce({ Versions: [{ Key: 'uploads/c.jpg', VersionId: 'v3' }], IsTruncated: false });

      s3.on(DeleteObjectsCommand).resolves({});
      const result = await uploadBucket.destroy(ctx, { keepData: false });

      expect(result).toMatchObject({ action: 'deleted', deleted: [{ kind: 'Upload bucket', name: BUCKET }] });
      const listings = s3.commandCalls(ListObjectVersionsCommand).map((call) => call.args[0].input);
      expect(listings[1]).toMatchObject({ Bucket: BUCKET, KeyMarker: 'uploads/b.jpg', VersionIdMarker: 'm1' });
      expect(s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input.Delete?.Objects)).toEqual([
        [
          { Key: 'uploads/a.jpg', VersionId: 'v1' },
          { Key: 'uploads/a.jpg', VersionId: 'v2' },
          { Key: 'uploads/b.jpg', VersionId: 'm1' },
        ],
        [{ Key: 'uploads/c.jpg', VersionId: 'v3' }],
      ]);
      expect(writeCommands(s3)).toEqual(['DeleteObjectsCommand', 'DeleteObjectsCommand', 'DeleteBucketCommand']);
      expect(s3.commandCalls(DeleteBucketCommand)[0].args[0].input).toEqual({ Bucket: BUCKET });
    });
  });
});
