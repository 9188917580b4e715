import { ExpiredTokenException } from '@aws-sdk/client-sts';
import { toDeployError, unlessNotFound } from '../../../../scripts/lib/engine/errors';
import { NoSuchEntityException } from '@aws-sdk/client-iam';
import { awsError, s3Error } from '../../../support/aws-errors';

describe('what a user reads when AWS refuses', () => {
  test('missing credentials: how to set them, and that dev needs none', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const reason = toDeployError(error);
    expect(reason.code).toBe('NO_CREDENTIALS');
    expect(reason.message).toMatch(/AWS_PROFILE.*aws sso login.*rekog-deploy dev/);
    expect(reason.cause).toBe(error);
  });

  test('expired credentials: refresh them', () => {
    expect(toDeployError(awsError(ExpiredTokenException, 400))).toMatchObject({ code: 'EXPIRED_CREDENTIALS', message: expect.stringContaining('Refresh') });
  });

  test('access denied names the IAM actions of the refused call, and where to find all it needs', () => {
    const denied = Object.assign(s3Error('AccessDenied', 403), { $call: { service: 's3', operation: 'PutBucketPolicy' } });
    expect(toDeployError(denied)).toMatchObject({
      code: 'ACCESS_DENIED',
      message: 'Access denied for s3:PutBucketPolicy (PutBucketPolicy). Grant it to your user or role (`rekog-deploy policy` prints all it needs), or use another --profile.',
    });
  });

  test('a HEAD refused without a body, and a 403 whose body the SDK could not read, are refusals too', () => {
    const head = Object.assign(s3Error('Forbidden', 403), { $call: { service: 's3', operation: 'HeadBucket' } });
    expect(toDeployError(head).message).toContain('Access denied for s3:ListBucket (HeadBucket)');
    const unreadable = Object.assign(new SyntaxError('Unexpected token'), { $metadata: { httpStatusCode: 403 }, $call: { service: 'lambda', operation: 'CreateFunction' } });
    expect(toDeployError(unreadable).message).toContain('Access denied for lambda:CreateFunction, lambda:TagResource, iam:PassRole (CreateFunction)');
  });

  test('anything else keeps the call and the error name', () => {
    const other = Object.assign(s3Error('InternalError', 500), { $call: { service: 's3', operation: 'CreateBucket' } });
    expect(toDeployError(other).message).toBe('s3:CreateBucket failed: InternalError: InternalError');
  });

  test('"not found" is an answer for reads and deletes; other errors still throw', async () => {
    await expect(unlessNotFound(() => Promise.reject(awsError(NoSuchEntityException, 404)))).resolves.toBeUndefined();
    await expect(unlessNotFound(() => Promise.reject(s3Error('SlowDown', 503)))).rejects.toMatchObject({ name: 'SlowDown' });
  });
});
