import { apiDefinition, definitionHash } from '../../../scripts/lib/api-definition';
import { PRIVATE_BUCKET, uploadCorsRules, uploadLifecycleRules, uploadNotification } from '../../../scripts/lib/bucket-config';
import { functionEnvironment } from '../../../scripts/lib/function-environment';
import { buildNames, FUNCTION_KEYS } from '../../../scripts/lib/names';
import { functionPolicy, lambdaTrustPolicy, siteBucketPolicy, uploadBucketPolicy, type PolicyDocument } from '../../../scripts/lib/policies';
import { siteAddress } from '../../../scripts/lib/site-address';
import { carriesStackTag, stackTags, tagList, tagMapFromList } from '../../../scripts/lib/tags';
import { testSettings } from '../../support/context';

const scope = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const names = buildNames('demo', scope.accountId, scope.region);

function actions(policy: PolicyDocument): string[] {
  return policy.Statement.flatMap((statement) => statement.Action).sort();
}

describe('names', () => {
  test('every name starts with the stack; bucket names carry account and region and fit S3 limits', () => {
    const long = buildNames('a'.repeat(20), '111122223333', 'ap-southeast-2');
    expect(long.uploadBucket.length).toBeLessThanOrEqual(63);
    expect(long.siteBucket).toMatch(/^[a-z0-9.-]{3,63}$/);
    expect(names.uploadBucket).toBe('demo-uploads-111122223333-eu-west-1');
    expect(names.functions['process-image-upload']).toBe('demo-process-image-upload');
    expect(names.logGroups['detect-labels']).toBe('/aws/lambda/demo-detect-labels');
    for (const role of Object.values(long.roles)) expect(role.length).toBeLessThanOrEqual(64);
  });
});

describe('tags', () => {
  test('the stack tag round-trips through the list form and identifies the stack', () => {
    const tags = tagMapFromList(tagList({ ...stackTags('demo'), team: 'x' }));
    expect(carriesStackTag(tags, 'demo')).toBe(true);
    expect(carriesStackTag(tags, 'other')).toBe(false);
    expect(carriesStackTag(undefined, 'demo')).toBe(false);
  });
});

describe('policies', () => {
  test('generate-upload-url may only put uploads and write its table item, and write its own logs', () => {
    const policy = functionPolicy('generate-upload-url', names, scope);
    expect(actions(policy)).toEqual(['dynamodb:PutItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:PutObject']);
    const put = policy.Statement.find((s) => s.Action.includes('s3:PutObject'));
    expect(put?.Resource).toEqual([`arn:aws:s3:::${names.uploadBucket}/uploads/*`]);
  });

  test('process-image-upload reads uploads, detects labels, writes results and publishes to its topic', () => {
    const policy = functionPolicy('process-image-upload', names, scope);
    expect(actions(policy)).toEqual([
      'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'logs:CreateLogStream', 'logs:PutLogEvents',
      'rekognition:DetectLabels', 's3:GetObject', 'sns:Publish',
    ]);
    expect(policy.Statement.find((s) => s.Action.includes('sns:Publish'))?.Resource).toEqual(['arn:aws:sns:eu-west-1:111122223333:demo-notifications']);
  });

  test('detect-labels may only read the table', () => {
    const policy = functionPolicy('detect-labels', names, scope);
    expect(actions(policy)).toEqual(['dynamodb:GetItem', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  test('no policy has a wildcard action, and only DetectLabels (no resource-level scoping) has a * resource', () => {
    for (const key of FUNCTION_KEYS) {
      for (const statement of functionPolicy(key, names, scope).Statement) {
        for (const action of statement.Action) expect(action).not.toMatch(/\*/);
        if (statement.Resource?.includes('*')) expect(statement.Action).toEqual(['rekognition:DetectLabels']);
      }
    }
  });

  test('each function writes only its own log group', () => {
    for (const key of FUNCTION_KEYS) {
      const logs = functionPolicy(key, names, scope).Statement.find((s) => s.Sid === 'WriteOwnLogs');
      expect(logs?.Resource).toEqual([`arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/${names.functions[key]}:*`]);
    }
  });

  test('the trust policy lets only Lambda assume the roles', () => {
    expect(lambdaTrustPolicy().Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['sts:AssumeRole'] }]);
  });

  test('the upload bucket denies every request that is not over TLS; the site bucket allows public GetObject only', () => {
    const [deny] = uploadBucketPolicy(names.uploadBucket, scope).Statement;
    expect(deny).toMatchObject({ Effect: 'Deny', Action: ['s3:*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(deny.Resource).toEqual([`arn:aws:s3:::${names.uploadBucket}`, `arn:aws:s3:::${names.uploadBucket}/*`]);
    const [read] = siteBucketPolicy(names.siteBucket, scope).Statement;
    expect(read).toMatchObject({ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${names.siteBucket}/*`] });
  });

  test('ARNs follow the partition of the region', () => {
    const china = functionPolicy('detect-labels', names, { ...scope, partition: 'aws-cn', region: 'cn-north-1' });
    expect(JSON.stringify(china)).toContain('arn:aws-cn:dynamodb:cn-north-1');
  });
});

describe('upload bucket configuration', () => {
  test('all four Block Public Access settings are on', () => {
    expect(Object.values(PRIVATE_BUCKET)).toEqual([true, true, true, true]);
  });

  test('CORS allows only the site origin to POST and PUT', () => {
    const [rule] = uploadCorsRules('http://site.example');
    expect(rule.AllowedOrigins).toEqual(['http://site.example']);
    expect(rule.AllowedMethods).toEqual(['POST', 'PUT']);
  });

  test('uploads expire after the data expiry', () => {
    const [rule] = uploadLifecycleRules(30);
    expect(rule).toMatchObject({ Status: 'Enabled', Filter: { Prefix: 'uploads/' }, Expiration: { Days: 30 } });
  });

  test('the notification sends every created object under uploads/ to the function', () => {
    const configuration = uploadNotification('arn:aws:lambda:eu-west-1:111122223333:function:demo-process-image-upload');
    expect(configuration.LambdaFunctionConfigurations).toEqual([
      expect.objectContaining({
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
      }),
    ]);
  });
});

describe('site address', () => {
  test('website endpoints use a hyphen in the older regions and a dot in the newer ones', () => {
    expect(siteAddress('b', 'us-east-1').origin).toBe('http://b.s3-website-us-east-1.amazonaws.com');
    expect(siteAddress('b', 'eu-central-1').origin).toBe('http://b.s3-website.eu-central-1.amazonaws.com');
  });

  test('an emulator serves the site path-style from its own origin', () => {
    expect(siteAddress('b', 'us-east-1', 'http://localhost:4566/')).toEqual({ origin: 'http://localhost:4566', url: 'http://localhost:4566/b/index.html' });
  });
});

describe('API definition', () => {
  const inputs = {
    title: 'demo-api',
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

  test('the hash changes with the definition and only with it', () => {
    expect(definitionHash(apiDefinition(inputs))).toBe(definitionHash(apiDefinition({ ...inputs })));
    expect(definitionHash(apiDefinition(inputs))).not.toBe(definitionHash(apiDefinition({ ...inputs, siteOrigin: 'http://other.example' })));
  });
});

describe('function environment', () => {
  const inputs = { settings: testSettings(), names, topicArn: 'arn:aws:sns:eu-west-1:111122223333:demo-notifications', site: { url: 'http://s/', origin: 'http://s' } };

  test('each function gets only the settings it uses', () => {
    expect(Object.keys(functionEnvironment('detect-labels', inputs)).sort()).toEqual(['SITE_ORIGIN', 'TABLE_NAME', 'UPLOAD_BUCKET']);
    expect(functionEnvironment('process-image-upload', inputs)).toMatchObject({ TOPIC_ARN: inputs.topicArn, MIN_CONFIDENCE: '70', MAX_LABELS: '10' });
    expect(functionEnvironment('generate-upload-url', inputs)).toMatchObject({ MAX_UPLOAD_BYTES: String(10 * 1024 * 1024), UPLOAD_URL_EXPIRY_SECONDS: '300' });
    expect(functionEnvironment('generate-upload-url', inputs)).not.toHaveProperty('TOPIC_ARN');
  });
});

describe('alarms', () => {
  const { alarmDefinitions } = require('../../../scripts/lib/alarms') as typeof import('../../../scripts/lib/alarms');
  const topic = 'arn:aws:sns:eu-west-1:111122223333:demo-notifications';

  test('errors and throttles of each function and 5xx of the API stage, each notifying the topic, tagged', () => {
    const alarms = alarmDefinitions(names, topic);
    expect(alarms.map((alarm) => alarm.AlarmName).sort()).toEqual([
      'demo-api-5xx',
      'demo-detect-labels-errors', 'demo-detect-labels-throttles',
      'demo-generate-upload-url-errors', 'demo-generate-upload-url-throttles',
      'demo-process-image-upload-errors', 'demo-process-image-upload-throttles',
    ]);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ AlarmActions: [topic], Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
      expect(alarm.Tags).toEqual([{ Key: 'rekog-deploy:stack', Value: 'demo' }]);
    }
    expect(alarms.find((alarm) => alarm.AlarmName === 'demo-api-5xx')).toMatchObject({
      Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: [{ Name: 'ApiName', Value: 'demo-api' }, { Name: 'Stage', Value: 'prod' }],
    });
  });
});
