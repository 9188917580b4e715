import type { HttpResponse } from './proxy-result';

/**
 * The responses API Gateway generates itself, with their default status, message and x-amzn-ErrorType.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
export const GATEWAY_RESPONSES = {
  // A REST API answers an unknown path, or a method the resource does not have, with 403 rather than 404/405.
  MISSING_AUTHENTICATION_TOKEN: { statusCode: 403, message: 'Missing Authentication Token', errorType: 'MissingAuthenticationTokenException' },
  // The 10 MB payload limit; this response cannot even be customised.
  REQUEST_TOO_LARGE: { statusCode: 413, message: 'Request Too Long', errorType: 'RequestTooLargeException' },
  THROTTLED: { statusCode: 429, message: 'Too Many Requests', errorType: 'TooManyRequestsException' },
  // A thrown handler error, a timed-out function and a malformed proxy result all end here.
  INTEGRATION_FAILURE: { statusCode: 502, message: 'Internal server error', errorType: 'InternalServerErrorException' },
  INTEGRATION_TIMEOUT: { statusCode: 504, message: 'Endpoint request timed out', errorType: 'IntegrationTimeoutException' },
  // What reaches API Gateway's front end broken (a request line no URL parser takes, a slow client, a Host of
  // another site); the exact answers of AWS's edge are not documented, so these follow DEFAULT_4XX/DEFAULT_5XX.
  BAD_REQUEST: { statusCode: 400, message: 'Bad Request', errorType: 'BadRequestException' },
  FORBIDDEN: { statusCode: 403, message: 'Forbidden', errorType: 'ForbiddenException' },
  REQUEST_TIMEOUT: { statusCode: 408, message: 'Request Timeout', errorType: 'RequestTimeoutException' },
  HEADERS_TOO_LARGE: { statusCode: 431, message: 'Request Header Fields Too Large', errorType: 'BadRequestException' },
  INTERNAL_ERROR: { statusCode: 500, message: 'Internal server error', errorType: 'InternalServerErrorException' },
} as const;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

export interface CorsSettings {
  allowedOrigin: string;
  allowedHeaders: string[];
  maxAgeSeconds: number;
}

/**
 * A gateway response with the CORS header the deployment adds to DEFAULT_4XX and DEFAULT_5XX, so that a browser
 * can read a 403, 413, 429 or 502 instead of reporting an opaque CORS failure.
 */
export function gatewayResponse(type: GatewayResponseType, requestId: string, allowedOrigin: string): HttpResponse {
  const { statusCode, message, errorType } = GATEWAY_RESPONSES[type];
  return {
    statusCode,
    headers: {
      'Content-Type': ['application/json'],
      'Access-Control-Allow-Origin': [allowedOrigin],
      'x-amzn-RequestId': [requestId],
      'x-amzn-ErrorType': [errorType],
    },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/**
 * The preflight answer of the OPTIONS method's MOCK integration: API Gateway answers it without calling a function,
 * whatever the Origin, with the headers the integration response maps.
 */
export function preflightResponse(methods: string[], requestId: string, cors: CorsSettings): HttpResponse {
  const allowedMethods = ['OPTIONS', ...methods.filter((method) => method !== 'OPTIONS')].join(',');
  return {
    statusCode: 204,
    headers: {
      'Access-Control-Allow-Origin': [cors.allowedOrigin],
      'Access-Control-Allow-Methods': [allowedMethods],
      'Access-Control-Allow-Headers': [cors.allowedHeaders.join(',')],
      'Access-Control-Max-Age': [String(cors.maxAgeSeconds)],
      'x-amzn-RequestId': [requestId],
    },
    body: Buffer.alloc(0),
  };
}
