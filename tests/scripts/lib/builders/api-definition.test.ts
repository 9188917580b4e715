import { apiDefinition, definitionHash } from '../../../../scripts/lib/builders/api-definition';
import { FUNCTION_KEYS } from '../../../../scripts/lib/builders/names';

describe('API definition', () => {
  const inputs = {
    title: 'demo-api',
    description: 'rekog-deploy demo: image recognition API',
    region: 'eu-west-1',
    partition: 'aws',
    siteOrigin: 'http://site.example',
    functionArns: Object.fromEntries(FUNCTION_KEYS.map((key) => [key, `arn:aws:lambda:eu-west-1:111122223333:function:demo-${key}`])) as Record<
      (typeof FUNCTION_KEYS)[number],
      string
    >,
  };

  test('each route is a POST Lambda proxy integration plus an OPTIONS preflight answered by the gateway', () => {
    const definition = apiDefinition(inputs);
    expect(Object.keys(definition.paths).sort()).toEqual(['/detect-labels', '/generate-upload-url']);
    const route = definition.paths['/detect-labels'];
    expect(route.post['x-amazon-apigateway-integration']).toMatchObject({
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${inputs.functionArns['detect-labels']}/invocations`,
    });
    const preflight = route.options['x-amazon-apigateway-integration'];
    expect(preflight.type).toBe('mock');
    expect(preflight.responses.default.responseParameters['method.response.header.Access-Control-Allow-Origin']).toBe("'http://site.example'");
  });

  test("the gateway's own errors carry the site origin, never *", () => {
    const text = JSON.stringify(apiDefinition(inputs)['x-amazon-apigateway-gateway-responses']);
    expect(text).toContain("'http://site.example'");
    expect(text).not.toContain("'*'");
  });

  test('the description lives in the document, as PutRestApi (overwrite) replaces the API\'s own with it', () => {
    expect(apiDefinition(inputs).info).toEqual({ title: 'demo-api', description: 'rekog-deploy demo: image recognition API', version: '1' });
  });

  test('the hash changes with the definition and only with it', () => {
    expect(definitionHash(apiDefinition(inputs))).toBe(definitionHash(apiDefinition({ ...inputs })));
    expect(definitionHash(apiDefinition(inputs))).not.toBe(definitionHash(apiDefinition({ ...inputs, siteOrigin: 'http://other.example' })));
  });
});
