import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/** A REST API (v1) proxy event as API Gateway sends it. */
export function apiEvent(path: string, body: unknown, overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: path,
    path,
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://site.example.com' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: { requestId: 'api-request-1', stage: 'prod' } as APIGatewayProxyEvent['requestContext'],
    body: body === null ? null : typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    ...overrides,
  };
}

export const lambdaContext = { awsRequestId: 'lambda-request-1' };

export function responseBody(response: APIGatewayProxyResult): Record<string, any> {
  return JSON.parse(response.body);
}
