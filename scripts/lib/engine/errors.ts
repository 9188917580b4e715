/** Stable codes for every error a user can meet; the CLI maps them to exit statuses. */
export type ErrorCode =
  | 'NO_CREDENTIALS'
  | 'EXPIRED_CREDENTIALS'
  | 'ACCESS_DENIED'
  | 'REGION_UNSUPPORTED'
  | 'BUCKET_NAME_TAKEN'
  | 'MISSING_DEPENDENCY'
  | 'NOT_OURS'
  | 'CONFIRMATION_REQUIRED'
  | 'BUILD_FAILED'
  | 'RETRIES_EXHAUSTED'
  | 'AWS_ERROR';

/** An error a user can act on: a stable code, a message that says what to do, the cause kept for --verbose. */
export class DeployError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeployError';
  }
}

/** AWS SDK v3 errors are classified by `name` (the service's error code), never by message text. */
export function isAwsError(error: unknown, ...names: string[]): error is Error & { name: string; $metadata?: { httpStatusCode?: number } } {
  return error instanceof Error && names.includes(error.name);
}

export const NOT_FOUND_ERRORS = [
  'NoSuchEntityException',
  'NoSuchEntity',
  'NoSuchBucket',
  'NotFound',
  'NotFoundException',
  'ResourceNotFoundException',
  'NoSuchTagSet',
  'NoSuchBucketPolicy',
  'NoSuchCORSConfiguration',
  'NoSuchLifecycleConfiguration',
  'NoSuchWebsiteConfiguration',
  'NoSuchPublicAccessBlockConfiguration',
  'ServerSideEncryptionConfigurationNotFoundError',
];

export function isNotFound(error: unknown): boolean {
  return isAwsError(error, ...NOT_FOUND_ERRORS);
}

/** Swallows "not found": in destroy and in reads, absence is an answer, not a failure. */
export async function unlessNotFound<T>(action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

const CREDENTIAL_MISSING = ['CredentialsProviderError', 'ProviderError', 'TokenProviderError'];
const CREDENTIAL_EXPIRED = ['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch'];
const ACCESS_DENIED = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError'];

/** The IAM action behind a failed call, recorded by the client middleware (see clients.ts). */
export function actionOf(error: unknown): string | undefined {
  return (error as { $action?: string } | undefined)?.$action;
}

/** Turns what the SDK throws into the one-line reason a user reads. */
export function toDeployError(error: unknown): DeployError {
  if (error instanceof DeployError) return error;
  if (isAwsError(error, ...CREDENTIAL_MISSING)) {
    return new DeployError(
      'NO_CREDENTIALS',
      'No AWS credentials found. Set AWS_PROFILE (or pass --profile), run `aws configure` or `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. To try the app without an AWS account, run `rekog-deploy dev`.',
      { cause: error },
    );
  }
  if (isAwsError(error, ...CREDENTIAL_EXPIRED)) {
    return new DeployError(
      'EXPIRED_CREDENTIALS',
      'Your AWS credentials were rejected as expired or invalid. Refresh them (for example `aws sso login`) and run the command again.',
      { cause: error },
    );
  }
  if (isAwsError(error, ...ACCESS_DENIED)) {
    const action = actionOf(error) ?? 'an action';
    return new DeployError('ACCESS_DENIED', `Access denied for ${action}. Grant it to your user or role, or use another --profile.`, {
      cause: error,
    });
  }
  const name = error instanceof Error ? error.name : 'Error';
  const action = actionOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return new DeployError('AWS_ERROR', `${action ? `${action} failed` : 'Failed'}: ${name}: ${message}`, { cause: error });
}
