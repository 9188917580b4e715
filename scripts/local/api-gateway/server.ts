import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { gatewayResponse, preflightResponse, type CorsSettings, type GatewayResponseType } from './gateway-responses';
import { addGatewayHeaders, buildProxyEvent, newTraceId, type ApiDescription } from './proxy-event';
import { MalformedProxyResponseError, toHttpResponse, type HttpResponse } from './proxy-result';
import { createTokenBucket, type ThrottleSettings } from './token-bucket';
import { BodyTooLargeError, readBody } from '../http/read-body';
import { parseTarget } from '../http/request-target';
import { startHttpService, type Problem, type Reply, type Timeouts } from '../http/start-server';

/** What the gateway hands the integration next to the event; `requestId` is the API's $context.requestId. */
export interface IntegrationContext {
  requestId: string;
}

/** A Lambda proxy integration: takes the v1 event, resolves to the function's result (validated here, as API Gateway does). */
export type Integration = (event: APIGatewayProxyEvent, context: IntegrationContext) => Promise<unknown>;

export interface ApiRoute {
  method: string;
  /** The resource path, without the stage: `/generate-upload-url`. */
  path: string;
  invoke: Integration;
}

export interface ApiGatewayOptions {
  port: number;
  host?: string;
  stage?: string;
  routes: ApiRoute[];
  /** The site's origin, sent on preflights and on the gateway's own error responses. */
  allowedOrigin: string;
  log: (line: string) => void;
  throttle?: ThrottleSettings;
  /** Should equal the deployed API's binaryMediaTypes. */
  binaryMediaTypes?: string[];
  allowedHeaders?: string[];
  preflightMaxAgeSeconds?: number;
  integrationTimeoutMs?: number;
  apiId?: string;
  accountId?: string;
  timeouts?: Partial<Timeouts>;
}

export interface LocalApiGateway {
  /** Like https://<api-id>.execute-api.<region>.amazonaws.com/<stage>, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

// https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const INTEGRATION_TIMEOUT_MS = 29_000;
const DEFAULT_BINARY_MEDIA_TYPES = ['image/*', 'application/octet-stream'];

interface Gateway {
  api: ApiDescription;
  routes: ApiRoute[];
  cors: CorsSettings;
  integrationTimeoutMs: number;
  takeToken?: () => boolean;
  log: (line: string) => void;
}

/** A local REST API stage with Lambda proxy integrations, answering as API Gateway does. */
export async function startApiGateway(options: ApiGatewayOptions): Promise<LocalApiGateway> {
  const stage = options.stage ?? 'prod';
  const gateway: Gateway = {
    api: {
      apiId: options.apiId ?? randomApiId(),
      accountId: options.accountId ?? '000000000000',
      stage,
      binaryMediaTypes: options.binaryMediaTypes ?? DEFAULT_BINARY_MEDIA_TYPES,
    },
    routes: options.routes.map((route) => ({ ...route, method: route.method.toUpperCase() })),
    cors: {
      allowedOrigin: options.allowedOrigin,
      allowedHeaders: options.allowedHeaders ?? ['Content-Type'],
      maxAgeSeconds: options.preflightMaxAgeSeconds ?? 600,
    },
    integrationTimeoutMs: options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS,
    takeToken: options.throttle && createTokenBucket(options.throttle),
    log: options.log,
  };
  const service = await startHttpService({
    name: 'api',
    port: options.port,
    host: options.host ?? '127.0.0.1',
    log: options.log,
    timeouts: options.timeouts,
    reply: (problem) => toReply(gatewayResponse(PROBLEM_RESPONSES[problem], randomUUID(), gateway.cors.allowedOrigin)),
    handle: (request, response) => handleRequest(request, response, gateway),
  });
  return { url: `${service.url}/${stage}`, close: service.close };
}

const PROBLEM_RESPONSES: Record<Problem, GatewayResponseType> = {
  'bad-request': 'BAD_REQUEST',
  'unknown-host': 'FORBIDDEN',
  timeout: 'REQUEST_TIMEOUT',
  'headers-too-large': 'HEADERS_TOO_LARGE',
  'internal-error': 'INTERNAL_ERROR',
};

function toReply(answer: HttpResponse): Reply {
  return { status: answer.statusCode, headers: Object.fromEntries(Object.entries(answer.headers).map(([name, values]) => [name, values.join(', ')])), body: answer.body.toString() };
}

async function handleRequest(request: IncomingMessage, response: ServerResponse, gateway: Gateway): Promise<void> {
  const startedAt = performance.now();
  const requestId = randomUUID();
  const url = parseTarget(request.url);
  if (!url) {
    send(response, gatewayResponse('BAD_REQUEST', requestId, gateway.cors.allowedOrigin), requestId, gateway);
    gateway.log(`api ${request.method} 400 the request target is not a URL`);
    return;
  }
  const pathname = url.pathname;
  const answer = await answerRequest(request, url, requestId, gateway).catch((error: unknown) => {
    gateway.log(`api ${request.method} ${pathname} gateway error: ${describeError(error)}`);
    return gatewayResponse('INTEGRATION_FAILURE', requestId, gateway.cors.allowedOrigin);
  });
  const statusCode = send(response, answer, requestId, gateway);
  gateway.log(`api ${request.method} ${pathname} ${statusCode} ${Math.round(performance.now() - startedAt)} ms`);
}

async function answerRequest(request: IncomingMessage, url: URL, requestId: string, gateway: Gateway): Promise<HttpResponse> {
  const { api, cors, log } = gateway;
  const receivedAt = new Date();
  const method = (request.method ?? 'GET').toUpperCase();
  if (gateway.takeToken && !gateway.takeToken()) return gatewayResponse('THROTTLED', requestId, cors.allowedOrigin);

  const resource = withoutStage(url.pathname, api.stage);
  const routes = gateway.routes.filter((route) => route.path === resource);
  if (resource === undefined || routes.length === 0) return gatewayResponse('MISSING_AUTHENTICATION_TOKEN', requestId, cors.allowedOrigin);
  const route = routes.find((candidate) => candidate.method === method);
  if (!route && method === 'OPTIONS') return preflightResponse(routes.map((candidate) => candidate.method), requestId, cors);
  if (!route) return gatewayResponse('MISSING_AUTHENTICATION_TOKEN', requestId, cors.allowedOrigin);

  let body: Buffer;
  try {
    body = await readBody(request, MAX_PAYLOAD_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return gatewayResponse('REQUEST_TOO_LARGE', requestId, cors.allowedOrigin);
    throw error;
  }

  const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const rawHeaders = addGatewayHeaders(request.rawHeaders, sourceIp, request.socket.localPort ?? 0, newTraceId(receivedAt));
  const event = buildProxyEvent(
    { requestId, method, resource, path: resource, rawHeaders, query: url.searchParams, body, sourceIp, httpVersion: request.httpVersion, receivedAt },
    api,
  );

  let result: unknown;
  try {
    result = await withTimeout(Promise.resolve().then(() => route.invoke(event, { requestId })), gateway.integrationTimeoutMs);
  } catch (error) {
    if (error instanceof IntegrationTimeoutError) {
      log(`api ${method} ${url.pathname} ${error.message}`);
      return gatewayResponse('INTEGRATION_TIMEOUT', requestId, cors.allowedOrigin);
    }
    log(`api ${method} ${url.pathname} Lambda execution failed: ${describeError(error)}`);
    return gatewayResponse('INTEGRATION_FAILURE', requestId, cors.allowedOrigin);
  }
  try {
    return toHttpResponse(result);
  } catch (error) {
    if (!(error instanceof MalformedProxyResponseError)) throw error;
    log(`api ${method} ${url.pathname} Execution failed due to configuration error: ${error.message}`);
    return gatewayResponse('INTEGRATION_FAILURE', requestId, cors.allowedOrigin);
  }
}

/** Writes the answer; a header Node refuses to send (a newline in a value, say) becomes the gateway's 502. Returns the status sent. */
function send(response: ServerResponse, answer: HttpResponse, requestId: string, gateway: Gateway): number {
  const headers: Record<string, string[]> = {
    ...answer.headers,
    'x-amzn-RequestId': [requestId],
    'x-amz-apigw-id': [randomBytes(12).toString('base64')],
    'Content-Length': [String(answer.body.length)],
  };
  try {
    response.writeHead(answer.statusCode, headers);
  } catch (error) {
    gateway.log(`api Execution failed due to configuration error: ${describeError(error)}`);
    return send(response, gatewayResponse('INTEGRATION_FAILURE', requestId, gateway.cors.allowedOrigin), requestId, gateway);
  }
  response.end(answer.body);
  return answer.statusCode;
}

/** `/prod/generate-upload-url` → `/generate-upload-url`; undefined for a path outside the stage. */
function withoutStage(pathname: string, stage: string): string | undefined {
  if (pathname === `/${stage}` || pathname === `/${stage}/`) return '/';
  return pathname.startsWith(`/${stage}/`) ? pathname.slice(stage.length + 1) : undefined;
}

class IntegrationTimeoutError extends Error {
  constructor(milliseconds: number) {
    super(`Execution failed due to a timeout error after ${milliseconds} ms`);
    this.name = 'IntegrationTimeoutError';
  }
}

/** API Gateway stops waiting after 29 s and answers 504, while the function itself may run on. */
function withTimeout<T>(work: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IntegrationTimeoutError(milliseconds)), milliseconds);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

/** Ten lowercase letters and digits, the shape of a real REST API id. */
function randomApiId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join('');
}
