import { randomBytes } from 'node:crypto';
import { basename, dirname } from 'node:path';

/** What Lambda knows about a function that its code can see. */
export interface FunctionIdentity {
  name: string;
  region: string;
  accountId: string;
  memorySizeMb: number;
  runtime: string;
}

/** The fields of the Lambda context object that cross into the worker; the worker adds the methods. */
export interface InvocationContextData {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  deadlineMs: number;
}

export function functionArn(identity: FunctionIdentity): string {
  return `arn:aws:lambda:${identity.region}:${identity.accountId}:function:${identity.name}`;
}

/** `2024/05/01/[$LATEST]<32 hex>`: one stream per execution environment, as Lambda names them. */
export function newLogStreamName(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * The environment variables of one execution environment: Lambda's reserved ones, then the function's own.
 * Nothing comes from the shell that started the local cloud, so an AWS_PROFILE or real credentials there can
 * never reach a handler. https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function lambdaEnvironment(
  identity: FunctionIdentity,
  bundlePath: string,
  handlerName: string,
  logStreamName: string,
  functionEnv: Record<string, string>,
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    _HANDLER: `${basename(bundlePath).replace(/\.[cm]?js$/, '')}.${handlerName}`,
    LAMBDA_TASK_ROOT: dirname(bundlePath),
    AWS_EXECUTION_ENV: `AWS_Lambda_${identity.runtime}`,
    AWS_REGION: identity.region,
    AWS_DEFAULT_REGION: identity.region,
    AWS_LAMBDA_FUNCTION_NAME: identity.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(identity.memorySizeMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${identity.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    // Lambda hands the function its role's credentials; the local endpoints accept any.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    ...functionEnv,
  };
}

export function invocationContext(identity: FunctionIdentity, awsRequestId: string, logStreamName: string, deadlineMs: number): InvocationContextData {
  return {
    awsRequestId,
    functionName: identity.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(identity),
    // A string, as the Node.js runtime gives it.
    memoryLimitInMB: String(identity.memorySizeMb),
    logGroupName: `/aws/lambda/${identity.name}`,
    logStreamName,
    deadlineMs,
  };
}
