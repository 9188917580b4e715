import type { APIGatewayProxyEvent } from 'aws-lambda';
import { startApiGateway, type ApiGatewayOptions, type Integration, type LocalApiGateway } from '../../scripts/local/api-gateway/server';

const SITE_ORIGIN = 'http://127.0.0.1:5173';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('local API Gateway', () => {
  let gateway: LocalApiGateway | undefined;
  let logged: string[];
  let events: APIGatewayProxyEvent[];

  const ok: Integration = async (event) => {
    events.push(event);
    return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': SITE_ORIGIN }, body: JSON.stringify({ received: event.body }) };
  };

  async function start(invoke: Integration = ok, options: Partial<ApiGatewayOptions> = {}): Promise<string> {
    gateway = await startApiGateway({
      port: 0,
      host: '127.0.0.1',
      stage: 'prod',
      routes: [
        { method: 'POST', path: '/generate-upload-url', invoke },
        { method: 'POST', path: '/detect-labels', invoke },
      ],
      allowedOrigin: SITE_ORIGIN,
      log: (line) => logged.push(line),
      ...options,
    });
    return gateway.url;
  }

  beforeEach(() => {
    logged = [];
    events = [];
  });

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('has a URL that ends in the stage, like an invoke URL', async () => {
    const url = await start();

    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prod$/);
  });

  it('sends the integration a REST proxy event (payload format 1.0)', async () => {
    const url = await start();
    const body = JSON.stringify({ fileName: 'cat.jpg', contentType: 'image/jpeg', size: 1234 });

    const response = await fetch(`${url}/generate-upload-url?tag=a&tag=b%20c`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'jest-test', 'X-Custom': 'yes' },
      body,
    });

    expect(response.status).toBe(200);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      resource: '/generate-upload-url',
      path: '/generate-upload-url',
      httpMethod: 'POST',
      queryStringParameters: { tag: 'b c' },
      multiValueQueryStringParameters: { tag: ['a', 'b c'] },
      pathParameters: null,
      stageVariables: null,
      body,
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ 'Content-Type': 'application/json', 'User-Agent': 'jest-test', 'X-Custom': 'yes', 'X-Forwarded-For': '127.0.0.1', 'X-Forwarded-Proto': 'http' });
    expect(event.headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event.multiValueHeaders['X-Custom']).toEqual(['yes']);
    expect(event.requestContext).toMatchObject({
      accountId: '000000000000',
      apiId: expect.stringMatching(/^[a-z0-9]{10}$/),
      resourceId: expect.stringMatching(/^[0-9a-f]{6}$/),
      resourcePath: '/generate-upload-url',
      httpMethod: 'POST',
      path: '/prod/generate-upload-url',
      stage: 'prod',
      requestId: expect.stringMatching(UUID),
      requestTime: expect.stringMatching(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/),
      requestTimeEpoch: expect.any(Number),
      protocol: 'HTTP/1.1',
      identity: { sourceIp: '127.0.0.1', userAgent: 'jest-test', user: null, apiKey: null },
    });
    expect(response.headers.get('x-amzn-RequestId')).toBe(event.requestContext.requestId);
  });

  it('gives null query maps and a null body when there are none', async () => {
    const url = await start();

    await fetch(`${url}/detect-labels`, { method: 'POST' });

    expect(events[0]).toMatchObject({ queryStringParameters: null, multiValueQueryStringParameters: null, body: null, isBase64Encoded: false });
  });

  it('base64-encodes a body only for a binary media type', async () => {
    const url = await start();
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10]);

    await fetch(`${url}/detect-labels`, { method: 'POST', headers: { 'Content-Type': 'image/jpeg' }, body: bytes });

    expect(events[0]).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });

  it('passes the integration result through: status, headers, multi-value headers, body', async () => {
    const url = await start(async () => ({
      statusCode: 202,
      headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': SITE_ORIGIN },
      multiValueHeaders: { 'X-Labels': ['cat', 'dog'] },
      body: '{"status":"processing"}',
    }));

    const response = await fetch(`${url}/detect-labels`, { method: 'POST', body: '{"key":"uploads/x.jpg"}' });

    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(response.headers.get('x-labels')).toBe('cat, dog');
    expect(await response.text()).toBe('{"status":"processing"}');
  });

  it('decodes a base64 result body and defaults Content-Type to application/json', async () => {
    const url = await start(async () => ({ statusCode: 200, body: Buffer.from('hello').toString('base64'), isBase64Encoded: true }));

    const response = await fetch(`${url}/detect-labels`, { method: 'POST' });

    expect(await response.text()).toBe('hello');
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('answers the CORS preflight itself, without calling the integration', async () => {
    const url = await start();

    const response = await fetch(`${url}/generate-upload-url`, {
      method: 'OPTIONS',
      headers: { Origin: SITE_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('OPTIONS,POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(events).toHaveLength(0);
  });

  it.each([
    ['an unknown path', 'POST', '/prod/unknown'],
    ['a method the resource does not have', 'GET', '/prod/generate-upload-url'],
    ['a path outside the stage', 'POST', '/generate-upload-url'],
  ])('answers %s with 403 Missing Authentication Token, as a REST API does', async (_, method, path) => {
    const url = await start();

    const response = await fetch(new URL(path, url), { method });

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(events).toHaveLength(0);
  });

  it('answers 502 when the integration throws, and logs the stack', async () => {
    const url = await start(async () => {
      throw new Error('table is missing');
    });

    const response = await fetch(`${url}/detect-labels`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    const failure = logged.find((line) => line.includes('table is missing'));
    expect(failure).toMatch(/Error: table is missing\n\s+at /);
  });

  it.each([
    ['a body that is not a string', { statusCode: 200, body: { ok: true } }],
    ['a key REST APIs do not know', { statusCode: 200, body: '', cookies: ['a=b'] }],
    ['no statusCode', { body: '{}' }],
    ['not an object', 'hello'],
    ['a header value Node cannot send', { statusCode: 200, headers: { 'X-Bad': 'a\nb' }, body: '' }],
  ])('answers 502 for a malformed proxy result: %s', async (_, result) => {
    const url = await start(async () => result);

    const response = await fetch(`${url}/detect-labels`, { method: 'POST' });

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
    expect(logged.some((line) => line.includes('configuration error'))).toBe(true);
  });

  it('answers 504 when the integration outlasts the integration timeout', async () => {
    const url = await start(() => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, body: '' }), 500)), { integrationTimeoutMs: 50 });

    const response = await fetch(`${url}/detect-labels`, { method: 'POST' });

    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ message: 'Endpoint request timed out' });
  });

  it('answers 413 for a body over 10 MB', async () => {
    const url = await start();

    const response = await fetch(`${url}/generate-upload-url`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1, 'a') });

    expect(response.status).toBe(413);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(events).toHaveLength(0);
  });

  it('throttles beyond the burst with 429 Too Many Requests', async () => {
    const url = await start(ok, { throttle: { rateLimit: 0.001, burstLimit: 2 } });

    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await fetch(`${url}/detect-labels`, { method: 'POST' })).status);

    expect(statuses).toEqual([200, 200, 429]);
  });

  it('logs one line per request with method, path, status and time', async () => {
    const url = await start();

    await fetch(`${url}/detect-labels`, { method: 'POST', body: '{}' });
    await fetch(`${url}/nowhere`, { method: 'POST' });

    expect(logged).toEqual([expect.stringMatching(/^api POST \/prod\/detect-labels 200 \d+ ms$/), expect.stringMatching(/^api POST \/prod\/nowhere 403 \d+ ms$/)]);
  });
});
