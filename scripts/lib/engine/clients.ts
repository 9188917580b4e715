import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';

/** The IAM service prefix of each client, used to name the action behind an error. */
export const SERVICES = {
  apigateway: APIGatewayClient,
  cloudfront: CloudFrontClient,
  cloudwatch: CloudWatchClient,
  logs: CloudWatchLogsClient,
  dynamodb: DynamoDBClient,
  iam: IAMClient,
  lambda: LambdaClient,
  s3: S3Client,
  sns: SNSClient,
  sqs: SQSClient,
  sts: STSClient,
} as const;

export type ServiceName = keyof typeof SERVICES;
export type Clients = { [S in ServiceName]: InstanceType<(typeof SERVICES)[S]> };

export interface AwsCall {
  service: ServiceName;
  /** The operation, as in IAM actions: `CreateRole`. */
  operation: string;
  input: Record<string, unknown>;
}

/**
 * Wraps every AWS call: counts it, injects a fault, or answers it (tests use all three). Hooks run
 * before signing, so a hook that answers needs no credentials.
 */
export type CallHook = (call: AwsCall, next: () => Promise<unknown>) => Promise<unknown>;

export interface ClientOptions {
  region: string;
  profile?: string;
  hooks?: CallHook[];
  env?: NodeJS.ProcessEnv;
  /** Explicit endpoints (the local cloud); otherwise the SDK reads AWS_ENDPOINT_URL(_<SERVICE>) itself. */
  endpoints?: Partial<Record<ServiceName, string>>;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  timeouts?: Timeouts;
}

/** An endpoint that takes a connection and never answers must not leave a run silent for ever. */
export interface Timeouts {
  connectionMs: number;
  /** Per attempt; the SDK retries a timed-out attempt like any transient failure. */
  requestMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectionMs: 5_000, requestMs: 30_000 };

export function emulatorEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

/** Built once by the CLI and handed to every step in the Context; steps never build their own. */
export function createClients(options: ClientOptions): Clients {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const common = {
    region: options.region,
    profile: options.profile,
    // Throttling and 5xx are retried by the SDK itself (standard retry mode), up to this many attempts.
    maxAttempts: 5,
    credentials: options.credentials,
    // Without throwOnRequestTimeout the handler only logs a warning when requestTimeout passes.
    requestHandler: { connectionTimeout: timeouts.connectionMs, requestTimeout: timeouts.requestMs, throwOnRequestTimeout: true },
  };
  const at = (service: ServiceName) => ({ ...common, endpoint: options.endpoints?.[service] });
  const clients = {
    apigateway: new APIGatewayClient(at('apigateway')),
    cloudfront: new CloudFrontClient(at('cloudfront')),
    cloudwatch: new CloudWatchClient(at('cloudwatch')),
    logs: new CloudWatchLogsClient(at('logs')),
    dynamodb: new DynamoDBClient(at('dynamodb')),
    iam: new IAMClient(at('iam')),
    lambda: new LambdaClient(at('lambda')),
    // Emulators such as LocalStack and moto serve buckets by path, not by virtual host. Presigned
    // URLs need WHEN_REQUIRED, or the SDK adds a checksum a browser upload cannot match.
    s3: new S3Client({
      ...at('s3'),
      forcePathStyle: Boolean(options.endpoints?.s3 ?? emulatorEndpoint(options.env)),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    sns: new SNSClient(at('sns')),
    sqs: new SQSClient(at('sqs')),
    sts: new STSClient(at('sts')),
  } satisfies Clients;
  for (const [service, client] of Object.entries(clients) as [ServiceName, Clients[ServiceName]][]) {
    addCallMiddleware(client, service, options.hooks ?? []);
  }
  return clients;
}

type Handler = (args: { input: object; request?: unknown }) => Promise<unknown>;
interface CallContext {
  commandName?: string;
  rekogEndpoint?: string;
}
interface MiddlewareStack {
  add(middleware: (next: Handler, context: CallContext) => Handler, options: { step: 'initialize' | 'build'; name: string; priority?: 'high' }): void;
}

function endpointOf(request: unknown): string | undefined {
  const { protocol, hostname, port } = (request ?? {}) as { protocol?: string; hostname?: string; port?: number };
  return hostname ? `${protocol ?? 'https:'}//${hostname}${port ? `:${port}` : ''}` : undefined;
}

function addCallMiddleware(client: Clients[ServiceName], service: ServiceName, hooks: CallHook[]): void {
  const stack = client.middlewareStack as unknown as MiddlewareStack;
  stack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      const call: AwsCall = { service, operation, input: args.input as Record<string, unknown> };
      const run = hooks.reduceRight<() => Promise<unknown>>(
        (inner, hook) => () => hook(call, inner),
        () => next(args),
      );
      try {
        return await run();
      } catch (error) {
        if (error && typeof error === 'object') Object.assign(error, { $call: { service, operation, endpoint: context.rekogEndpoint } });
        throw error;
      }
    },
    { step: 'initialize', name: 'rekogDeployCall', priority: 'high' },
  );
  // The request is built after the endpoint is resolved: remembered for errors that name it.
  stack.add(
    (next, context) => (args) => {
      context.rekogEndpoint = endpointOf(args.request);
      return next(args);
    },
    { step: 'build', name: 'rekogDeployEndpoint' },
  );
}

export function destroyClients(clients: Clients): void {
  for (const client of Object.values(clients)) client.destroy();
}
