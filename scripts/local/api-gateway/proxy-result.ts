/** What the gateway writes back to the client. Header names keep the spelling they were given. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: Buffer;
}

/** API Gateway's "Execution failed due to configuration error: Malformed Lambda proxy response". */
export class MalformedProxyResponseError extends Error {
  constructor(reason: string) {
    super(`Malformed Lambda proxy response: ${reason}`);
    this.name = 'MalformedProxyResponseError';
  }
}

// A REST API rejects any other key, even ones an HTTP API accepts such as `cookies`
// (https://github.com/sst/sst/issues/2760).
const RESULT_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

// API Gateway does not pass these integration response headers through as they are; it renames them
// x-amzn-Remapped-<name> (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html).
const REMAPPED_HEADERS = new Set([
  'authorization',
  'connection',
  'content-md5',
  'date',
  'expect',
  'host',
  'max-forwards',
  'proxy-authenticate',
  'server',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'www-authenticate',
]);

type HeaderScalar = string | number | boolean;

/**
 * Turns a proxy integration result into the response, or throws MalformedProxyResponseError where API Gateway
 * answers 502. https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
 */
export function toHttpResponse(result: unknown): HttpResponse {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw new MalformedProxyResponseError(`expected an object, got ${result === null ? 'null' : Array.isArray(result) ? 'an array' : typeof result}`);
  }
  const record = result as Record<string, unknown>;
  const unexpected = Object.keys(record).filter((key) => !RESULT_KEYS.has(key));
  if (unexpected.length > 0) throw new MalformedProxyResponseError(`unexpected key(s) ${unexpected.join(', ')}`);

  const statusCode = parseStatusCode(record.statusCode);
  const body = record.body ?? '';
  if (typeof body !== 'string') throw new MalformedProxyResponseError(`body must be a string, got ${typeof body}`);
  const isBase64Encoded = record.isBase64Encoded ?? false;
  if (typeof isBase64Encoded !== 'boolean') throw new MalformedProxyResponseError('isBase64Encoded must be a boolean');

  const headers = mergeHeaders(record.headers, record.multiValueHeaders);
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = ['application/json'];
  return { statusCode, headers, body: Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8') };
}

function parseStatusCode(value: unknown): number {
  const statusCode = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedProxyResponseError(`statusCode must be an integer HTTP status, got ${JSON.stringify(value)}`);
  }
  return statusCode;
}

/**
 * "If you specify values for both headers and multiValueHeaders, API Gateway merges them into a single list.
 * If the same key-value pair is specified in both, only the values from multiValueHeaders will appear."
 */
function mergeHeaders(single: unknown, multiple: unknown): Record<string, string[]> {
  const merged: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(asHeaderMap(single, 'headers'))) {
    if (!isHeaderScalar(value)) throw new MalformedProxyResponseError(`header ${name} must be a string`);
    merged[outgoingName(name)] = [String(value)];
  }
  for (const [name, values] of Object.entries(asHeaderMap(multiple, 'multiValueHeaders'))) {
    if (!Array.isArray(values) || !values.every(isHeaderScalar)) throw new MalformedProxyResponseError(`multiValueHeaders.${name} must be a list of strings`);
    merged[outgoingName(name)] = values.map(String);
  }
  // The gateway computes the length of what it actually sends.
  for (const name of Object.keys(merged)) if (name.toLowerCase() === 'content-length') delete merged[name];
  return merged;
}

function asHeaderMap(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new MalformedProxyResponseError(`${field} must be an object`);
  return value as Record<string, unknown>;
}

function isHeaderScalar(value: unknown): value is HeaderScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function outgoingName(name: string): string {
  return REMAPPED_HEADERS.has(name.toLowerCase()) ? `x-amzn-Remapped-${name}` : name;
}
