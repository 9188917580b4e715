import type { S3ClientConfig } from '@aws-sdk/client-s3';

/**
 * Each client's package, keyed by the IAM service prefix (used to name the action behind an error).
 * A package is loaded when its client is first used: `--help`, `logs` and `status` of one service
 * do without the tens of milliseconds each of the others takes to load.
 */
const CLIENT_CLASSES = {
  apigateway: () => (require('@aws-sdk/client-api-gateway') as typeof import('@aws-sdk/client-api-gateway')).APIGatewayClient,
  cloudfront: () => (require('@aws-sdk/client-cloudfront') as typeof import('@aws-sdk/client-cloudfront')).CloudFrontClient,
  cloudwatch: () => (require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch')).CloudWatchClient,
  logs: () => (require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient,
  dynamodb: () => (require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb')).DynamoDBClient,
  iam: () => (require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam')).IAMClient,
  lambda: () => (require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda')).LambdaClient,
  s3: () => (require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3')).S3Client,
  sns: () => (require('@aws-sdk/client-sns') as typeof import('@aws-sdk/client-sns')).SNSClient,
  sqs: () => (require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs')).SQSClient,
  sts: () => (require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts')).STSClient,
} as const;

export type ServiceName = keyof typeof CLIENT_CLASSES;
export type Clients = { [S in ServiceName]: InstanceType<ReturnType<(typeof CLIENT_CLASSES)[S]>> };
export const SERVICE_NAMES = Object.keys(CLIENT_CLASSES) as ServiceName[];

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

/** The clients each createClients() has made so far, for destroyClients(). */
const made = new WeakMap<Clients, Partial<Clients>>();

/**
 * Built once by the CLI and handed to every step in the Context; steps never build their own. Each
 * client is made (and its package loaded) on first use.
 */
export function createClients(options: ClientOptions): Clients {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const common = {
    region: options.region,
    profile: options.profile,
    // Throttling and 5xx are retried by the SDK itself (standard retry mode), up to this many attempts.
    maxAttempts: 5,
    // The middleware stack resolved once per command class, not at every call: a run sends ~100.
    // Nothing here adds middleware to a single command, which this cache would miss.
    cacheMiddleware: true,
    credentials: options.credentials,
    // Without throwOnRequestTimeout the handler only logs a warning when requestTimeout passes.
    requestHandler: { connectionTimeout: timeouts.connectionMs, requestTimeout: timeouts.requestMs, throwOnRequestTimeout: true },
  };
  const configOf = (service: ServiceName) => {
    const config = { ...common, endpoint: options.endpoints?.[service] };
    if (service !== 's3') return config;
    // Emulators such as LocalStack and moto serve buckets by path, not by virtual host. Presigned
    // URLs need WHEN_REQUIRED, or the SDK adds a checksum a browser upload cannot match.
    return {
      ...config,
      forcePathStyle: Boolean(options.endpoints?.s3 ?? emulatorEndpoint(options.env)),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    } satisfies S3ClientConfig;
  };
  const created: Partial<Clients> = {};
  const make = <S extends ServiceName>(service: S): Clients[S] => {
    const Client = CLIENT_CLASSES[service]() as unknown as new (config: object) => Clients[S];
    const client = new Client(configOf(service));
    addCallMiddleware(client, service, options.hooks ?? []);
    return client;
  };
  const clients = {} as Clients;
  for (const service of SERVICE_NAMES) {
    Object.defineProperty(clients, service, { enumerable: true, get: () => (created[service] ??= make(service) as never) });
  }
  made.set(clients, created);
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

/** Closes the clients' connections; a client never used was never made. */
export function destroyClients(clients: Clients): void {
  for (const client of Object.values(made.get(clients) ?? clients)) client?.destroy();
}
