import { ThrottlingException } from '@aws-sdk/client-rekognition';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { isRetryable } from '../../../functions/shared/aws-errors';

describe('isRetryable', () => {
  test.each([
    ['a throttling exception', new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })],
    ['any 5xx', new S3ServiceException({ name: 'SomethingNew', $fault: 'server', message: 'x', $metadata: { httpStatusCode: 502 } })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('retries %s', (_case, error) => {
    expect(isRetryable(error)).toBe(true);
  });

  test.each([
    ['a 4xx', new S3ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'x', $metadata: { httpStatusCode: 403 } })],
    ['an error that only says "throttl" in its message', new Error('ThrottlingException: Rate exceeded')],
    ['something that is not an Error', { name: 'ThrottlingException' }],
  ])('does not retry %s', (_case, error) => {
    expect(isRetryable(error)).toBe(false);
  });
});
