import { iamActionsOf } from '../builders/iam-actions';

/** Stable codes for every error a user can meet; the CLI maps them to exit statuses. */
export type ErrorCode =
  | 'NO_CREDENTIALS'
  | 'EXPIRED_CREDENTIALS'
  | 'ACCESS_DENIED'
  | 'REGION_UNSUPPORTED'
  | 'BUCKET_NAME_TAKEN'
  | 'MISSING_DEPENDENCY'
  | 'NOT_DEPLOYED'
  | 'NOT_OURS'
  | 'CONFIRMATION_REQUIRED'
  | 'BUILD_FAILED'
  | 'WAIT_TIMED_OUT'
  | 'FUNCTION_FAILED'
  | 'PARTLY_FAILED'
  | 'NETWORK'
  | 'BAD_FLAG'
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
  'QueueDoesNotExist',
  'NoSuchDistribution',
  'NoSuchOriginAccessControl',
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

/** Where a failed call was going, recorded by the client middleware (see clients.ts). */
export interface FailedCall {
  service: string;
  operation: string;
  /** `https://host[:port]`, when the request was built. */
  endpoint?: string;
}

export function callOf(error: unknown): FailedCall | undefined {
  return (error as { $call?: FailedCall } | undefined)?.$call;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/**
 * A 403 is a refusal whatever its name: some services (and emulators) answer one with a body the
 * SDK cannot parse, and S3 answers HEAD requests without any body.
 */
function isRefusal(error: unknown): boolean {
  return isAwsError(error, ...ACCESS_DENIED) || (error instanceof Error && statusOf(error) === 403 && ['SyntaxError', 'Unknown', 'Forbidden', '403'].includes(error.name));
}

/** Node's network error codes (error.code), as Node names them; never the message text. */
function networkCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describeCall(call: FailedCall | undefined): string {
  return call ? `${call.service}:${call.operation}` : 'an AWS call';
}

function networkFailure(error: unknown, call: FailedCall | undefined, emulator: string | undefined): DeployError | undefined {
  const code = networkCode(error);
  const where = call?.endpoint ?? 'the AWS endpoint';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET') {
    const hint = emulator ? ` Is the emulator at ${emulator} running (AWS_ENDPOINT_URL)?` : ' Check your network or proxy.';
    return new DeployError('NETWORK', `${where} refused the connection (${describeCall(call)}).${hint}`, { cause: error });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const hint = emulator
      ? ` Check AWS_ENDPOINT_URL (${emulator}).`
      : ` Either this region has no endpoint for ${call?.service ?? 'the service'} (check --region), or DNS is not answering.`;
    return new DeployError('NETWORK', `No such host: ${where} (${describeCall(call)}).${hint}`, { cause: error });
  }
  if (isAwsError(error, 'TimeoutError', 'RequestTimeout') || code === 'ETIMEDOUT') {
    return new DeployError('NETWORK', `${where} did not answer in time (${describeCall(call)}). Check your network${emulator ? ` or the emulator at ${emulator}` : ''}, then run the command again.`, { cause: error });
  }
  return undefined;
}

/** Turns what the SDK throws into the one-line reason a user reads. */
export function toDeployError(error: unknown, emulator?: string): DeployError {
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
  const call = callOf(error);
  if (isRefusal(error)) {
    const needed = call ? iamActionsOf(call.service, call.operation) : [];
    const what = needed.length ? needed.join(', ') : 'the action';
    return new DeployError(
      'ACCESS_DENIED',
      `Access denied for ${what}${call ? ` (${call.operation})` : ''}. Grant it to your user or role (\`rekog-deploy policy\` prints all it needs), or use another --profile.`,
      { cause: error },
    );
  }
  const network = networkFailure(error, call, emulator);
  if (network) return network;
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new DeployError('AWS_ERROR', `${call ? `${describeCall(call)} failed` : 'Failed'}: ${name}: ${message}`, { cause: error });
}
