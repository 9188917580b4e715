import { buildNames, FUNCTION_KEYS } from '../../../../scripts/lib/builders/names';
import { functionPolicy, lambdaTrustPolicy, siteBucketPolicy, uploadBucketPolicy, type PolicyDocument } from '../../../../scripts/lib/builders/policies';

const scope = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const names = buildNames('demo', scope.accountId, scope.region);

function actions(policy: PolicyDocument): string[] {
  return policy.Statement.flatMap((statement) => statement.Action).sort();
}

describe('policies', () => {
  test('generate-upload-url may only put uploads and write its table item, and write its own logs', () => {
    const policy = functionPolicy('generate-upload-url', names, scope);
    expect(actions(policy)).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:PutObject']);
    const put = policy.Statement.find((s) => s.Action.includes('s3:PutObject'));
    expect(put?.Resource).toEqual([`arn:aws:s3:::${names.uploadBucket}/uploads/*`]);
  });

  test('process-image-upload reads uploads, detects labels, writes results and publishes to its topic', () => {
    const policy = functionPolicy('process-image-upload', names, scope);
    expect(actions(policy)).toEqual([
      'dynamodb:UpdateItem', 'logs:CreateLogStream', 'logs:PutLogEvents',
      'rekognition:DetectLabels', 's3:GetObject', 's3:ListBucket', 'sns:Publish', 'sqs:SendMessage',
    ]);
    expect(policy.Statement.find((s) => s.Action.includes('sns:Publish'))?.Resource).toEqual(['arn:aws:sns:eu-west-1:111122223333:demo-notifications']);
  });

  test('process-image-upload may list only under uploads/, so that a deleted upload reads as missing (404), not forbidden', () => {
    const listing = functionPolicy('process-image-upload', names, scope).Statement.find((s) => s.Action.includes('s3:ListBucket'));
    expect(listing).toMatchObject({ Resource: ['arn:aws:s3:::demo-uploads-111122223333-eu-west-1'], Condition: { StringLike: { 's3:prefix': ['uploads/*'] } } });
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

  test('the upload bucket denies every request that is not over TLS; the site bucket lets only the distribution read it', () => {
    const [deny] = uploadBucketPolicy(names.uploadBucket, scope).Statement;
    expect(deny).toMatchObject({ Effect: 'Deny', Action: ['s3:*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(deny.Resource).toEqual([`arn:aws:s3:::${names.uploadBucket}`, `arn:aws:s3:::${names.uploadBucket}/*`]);
    const distribution = 'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL';
    const [read, ...others] = siteBucketPolicy(names.siteBucket, scope, distribution).Statement;
    expect(read).toEqual({
      Sid: 'CloudFrontReadsSiteFiles',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: ['s3:GetObject'],
      Resource: [`arn:aws:s3:::${names.siteBucket}/*`],
      Condition: { StringEquals: { 'AWS:SourceArn': distribution } },
    });
    expect(others).toEqual([]);
  });

  test('ARNs follow the partition of the region', () => {
    const china = functionPolicy('detect-labels', names, { ...scope, partition: 'aws-cn', region: 'cn-north-1' });
    expect(JSON.stringify(china)).toContain('arn:aws-cn:dynamodb:cn-north-1');
  });
});
