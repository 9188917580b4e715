import { createHash } from 'node:crypto';
import { canonical } from './documents';
import type { FunctionKey } from './names';

export const API_ROUTES: { path: string; function: FunctionKey }[] = [
  { path: '/generate-upload-url', function: 'generate-upload-url' },
  { path: '/detect-labels', function: 'detect-labels' },
];

export interface ApiDefinitionInputs {
  title: string;
  /** PutRestApi in overwrite mode replaces the API's description with this one. */
  description: string;
  /**
   * moto's PutRestApi cannot import a mock integration without `uri` and `httpMethod` (AWS's own
   * exports have neither: https://github.com/localstack/localstack/pull/11784), so emulators get both.
   */
  emulator?: boolean;
  region: string;
  partition: string;
  siteOrigin: string;
  functionArns: Record<FunctionKey, string>;
}

const quoted = (value: string) => `'${value}'`;

function corsHeaders(origin: string, prefix: string): Record<string, string> {
  return {
    [`${prefix}.Access-Control-Allow-Origin`]: quoted(origin),
    [`${prefix}.Access-Control-Allow-Headers`]: quoted('Content-Type'),
    [`${prefix}.Access-Control-Allow-Methods`]: quoted('OPTIONS,POST'),
    [`${prefix}.Vary`]: quoted('Origin'),
  };
}

const declaredHeaders = {
  'Access-Control-Allow-Origin': { schema: { type: 'string' } },
  'Access-Control-Allow-Headers': { schema: { type: 'string' } },
  'Access-Control-Allow-Methods': { schema: { type: 'string' } },
  Vary: { schema: { type: 'string' } },
};

function proxyMethod(inputs: ApiDefinitionInputs, key: FunctionKey) {
  const functionArn = inputs.functionArns[key];
  return {
    operationId: key,
    // Lambda proxy answers pass through whatever their status; OpenAPI wants at least one declared.
    responses: { '200': { description: 'JSON answer from the function' } },
    'x-amazon-apigateway-integration': {
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: `arn:${inputs.partition}:apigateway:${inputs.region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      passthroughBehavior: 'when_no_match',
    },
  };
}

/** The preflight is answered by API Gateway itself (a mock integration), so it costs no invocation. */
function preflightMethod(origin: string, emulator: boolean) {
  return {
    responses: { '204': { description: 'CORS preflight', headers: declaredHeaders } },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      ...(emulator ? { uri: '', httpMethod: 'OPTIONS' } : {}),
      requestTemplates: { 'application/json': '{"statusCode": 204}' },
      responses: { default: { statusCode: '204', responseParameters: corsHeaders(origin, 'method.response.header') } },
      passthroughBehavior: 'when_no_match',
    },
  };
}

/** Errors API Gateway makes itself (throttled, unknown path, Lambda failure) keep the API's JSON shape and CORS. */
function gatewayResponses(origin: string) {
  const response = {
    responseParameters: corsHeaders(origin, 'gatewayresponse.header'),
    responseTemplates: { 'application/json': '{"error":{"code":"$context.error.responseType","message":$context.error.messageString}}' },
  };
  return { DEFAULT_4XX: response, DEFAULT_5XX: response };
}

/** The whole REST API as one OpenAPI 3 document, imported with PutRestApi (mode overwrite). */
export function apiDefinition(inputs: ApiDefinitionInputs) {
  return {
    openapi: '3.0.1',
    info: { title: inputs.title, description: inputs.description, version: '1' },
    paths: Object.fromEntries(
      API_ROUTES.map((route) => [route.path, { post: proxyMethod(inputs, route.function), options: preflightMethod(inputs.siteOrigin, Boolean(inputs.emulator)) }]),
    ),
    'x-amazon-apigateway-gateway-responses': gatewayResponses(inputs.siteOrigin),
  };
}

/** Recorded in the deployment's description, so an unchanged API is not deployed again. */
export function definitionHash(definition: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(definition))).digest('hex').slice(0, 16);
}

export const DEPLOYMENT_PREFIX = 'rekog-deploy definition ';
