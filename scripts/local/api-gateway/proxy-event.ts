import { createHash, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** What identifies the API in every event: the fields a deployed REST API fills from its own configuration. */
export interface ApiDescription {
  apiId: string;
  accountId: string;
  stage: string;
  binaryMediaTypes: string[];
}

/** One HTTP request as the gateway received it, body already read. */
export interface GatewayRequest {
  requestId: string;
  method: string;
  /** The resource the request matched, as defined in the API: `/generate-upload-url`. */
  resource: string;
  /** The path without the stage: `/generate-upload-url`. */
  path: string;
  rawHeaders: string[];
  query: URLSearchParams;
  body: Buffer;
  sourceIp: string;
  httpVersion: string;
  receivedAt: Date;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The event a REST API's Lambda proxy integration sends (payload format 1.0).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 */
export function buildProxyEvent(request: GatewayRequest, api: ApiDescription): APIGatewayProxyEvent {
  const { headers, multiValueHeaders } = collectHeaders(request.rawHeaders);
  const { queryStringParameters, multiValueQueryStringParameters } = collectQuery(request.query);
  const contentType = findHeader(request.rawHeaders, 'content-type');
  const binary = isBinaryMediaType(contentType, api.binaryMediaTypes);
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourceId: resourceIdOf(request.resource),
      resourcePath: request.resource,
      httpMethod: request.method,
      extendedRequestId: randomBytes(12).toString('base64'),
      requestTime: formatRequestTime(request.receivedAt),
      path: `/${api.stage}${request.path}`,
      accountId: api.accountId,
      protocol: `HTTP/${request.httpVersion}`,
      stage: api.stage,
      domainPrefix: api.apiId,
      requestTimeEpoch: request.receivedAt.getTime(),
      requestId: request.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: findHeader(request.rawHeaders, 'user-agent') ?? null,
        user: null,
        apiKey: null,
        apiKeyId: null,
        clientCert: null,
      },
      // The real value is <api-id>.execute-api.<region>.amazonaws.com; locally the Host is what a handler
      // building a URL back to the API needs.
      domainName: findHeader(request.rawHeaders, 'host') ?? '',
      apiId: api.apiId,
      // No authorizer is configured, so API Gateway leaves this out; undefined disappears in JSON.
      authorizer: undefined,
    },
    // An empty body arrives as null, not "".
    body: request.body.length === 0 ? null : request.body.toString(binary ? 'base64' : 'utf8'),
    isBase64Encoded: binary && request.body.length > 0,
  };
}

/** Header names keep the client's spelling; for a repeated header, `headers` holds the last value. */
export function collectHeaders(rawHeaders: string[]): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const [name, value] = [rawHeaders[index], rawHeaders[index + 1]];
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return { headers, multiValueHeaders };
}

/** Both maps are null, not empty, when the URL has no query string. */
export function collectQuery(query: URLSearchParams): {
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
} {
  const entries = [...query.entries()];
  if (entries.length === 0) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  const single: Record<string, string> = {};
  const multiple: Record<string, string[]> = {};
  for (const [name, value] of entries) {
    single[name] = value;
    (multiple[name] ??= []).push(value);
  }
  return { queryStringParameters: single, multiValueQueryStringParameters: multiple };
}

/**
 * A body is base64-encoded only when its Content-Type matches one of the API's binaryMediaTypes
 * (`image/png`, `image/*`, `*\/*`); everything else, JSON included, is passed as text.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings.html
 */
export function isBinaryMediaType(contentType: string | undefined, binaryMediaTypes: string[]): boolean {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!mediaType) return false;
  const [type] = mediaType.split('/');
  return binaryMediaTypes.some((pattern) => {
    const wanted = pattern.toLowerCase();
    return wanted === '*/*' || wanted === mediaType || wanted === `${type}/*`;
  });
}

/** `09/Apr/2015:12:34:56 +0000`, the format of $context.requestTime. */
export function formatRequestTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export function findHeader(rawHeaders: string[], name: string): string | undefined {
  let found: string | undefined;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index].toLowerCase() === name) found = rawHeaders[index + 1];
  }
  return found;
}

/** Resource ids are six lowercase characters; deriving them from the path keeps them stable across restarts. */
function resourceIdOf(resource: string): string {
  return createHash('sha256').update(resource).digest('hex').slice(0, 6);
}

/**
 * The headers API Gateway adds before calling the integration: the client address appended to X-Forwarded-For,
 * the port and scheme it was reached on, and an X-Ray trace id.
 */
export function addGatewayHeaders(rawHeaders: string[], sourceIp: string, port: number, traceId: string): string[] {
  const forwardedFor = findHeader(rawHeaders, 'x-forwarded-for');
  const withoutReplaced = dropHeaders(rawHeaders, ['x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']);
  const added = ['X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${sourceIp}` : sourceIp, 'X-Forwarded-Port', String(port), 'X-Forwarded-Proto', 'http'];
  if (!findHeader(rawHeaders, 'x-amzn-trace-id')) added.push('X-Amzn-Trace-Id', traceId);
  return [...withoutReplaced, ...added];
}

/** `Root=1-<epoch seconds in hex>-<96 random bits>`, the X-Ray trace id format. */
export function newTraceId(now: Date = new Date()): string {
  return `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

function dropHeaders(rawHeaders: string[], names: string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (!names.includes(rawHeaders[index].toLowerCase())) kept.push(rawHeaders[index], rawHeaders[index + 1]);
  }
  return kept;
}
