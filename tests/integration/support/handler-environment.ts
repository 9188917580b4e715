import { rawEnvironments } from '../../functions/support/environments';

/**
 * What Lambda and the deploy engine put in a function's environment, pointed at the local
 * servers the way a user points the SDK at an emulator.
 */
export function handlerEnvironment(endpoints: { s3: string; dynamodb: string }): NodeJS.ProcessEnv {
  return {
    ...rawEnvironments['generate-upload-url'],
    ...rawEnvironments['process-image-upload'],
    ...rawEnvironments['detect-labels'],
    AWS_REGION: 'us-east-1',
    // s3rver only knows this key pair.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
  };
}
