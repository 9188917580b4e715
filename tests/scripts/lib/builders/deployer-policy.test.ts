import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { deployerPolicy } from '../../../../scripts/lib/builders/deployer-policy';
import { iamActionsOf, OPERATION_PERMISSIONS } from '../../../../scripts/lib/builders/iam-actions';
import { buildNames } from '../../../../scripts/lib/builders/names';

const at = { partition: 'aws', region: 'eu-west-1', accountId: '111122223333' };
const names = buildNames('demo', at.accountId, at.region);
const policy = deployerPolicy(names, at);

const SERVICE_OF_PACKAGE: Record<string, string> = {
  'client-api-gateway': 'apigateway',
  'client-cloudwatch': 'cloudwatch',
  'client-cloudwatch-logs': 'logs',
  'client-dynamodb': 'dynamodb',
  'client-iam': 'iam',
  'client-lambda': 'lambda',
  'client-s3': 's3',
  'client-sns': 'sns',
  'client-sqs': 'sqs',
  'client-cloudfront': 'cloudfront',
  'client-sts': 'sts',
};

// The SDK's waiters call one operation each.
const WAITERS: Record<string, string> = {
  waitForDistributionDeployed: 'cloudfront:GetDistribution',
  waitForFunctionActiveV2: 'lambda:GetFunction',
  waitForFunctionUpdatedV2: 'lambda:GetFunction',
  waitForTableExists: 'dynamodb:DescribeTable',
  waitForTableNotExists: 'dynamodb:DescribeTable',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'local' ? [] : sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** `service:Operation` of every command and waiter the engine (not the local cloud) imports from the SDK. */
function operationsInTheEngine(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(path.resolve(__dirname, '../../../../scripts'))) {
    const text = readFileSync(file, 'utf8');
    for (const [, names, pkg] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[a-z0-9-]+)'/g)) {
      const service = SERVICE_OF_PACKAGE[pkg];
      for (const name of names.split(',').map((part) => part.trim().replace(/^type\s+/, ''))) {
        const command = /^(\w+)Command$/.exec(name)?.[1];
        if (service && command && text.includes(`new ${name}(`)) found.add(`${service}:${command}`);
        if (WAITERS[name] && text.includes(`${name}(`)) found.add(WAITERS[name]);
      }
    }
  }
  return [...found].sort();
}

describe('the deployer policy', () => {
  test('knows every AWS operation the engine calls, and no other', () => {
    const called = operationsInTheEngine();
    expect(called.length).toBeGreaterThan(60);
    expect(called.filter((operation) => !(operation in OPERATION_PERMISSIONS))).toEqual([]);
    expect(Object.keys(OPERATION_PERMISSIONS).filter((operation) => !called.includes(operation))).toEqual([]);
  });

  test('names only real actions, never a wildcard action', () => {
    const actions = policy.Statement.flatMap((statement) => statement.Action);
    expect(actions.every((action) => /^[a-z0-9-]+:[A-Za-z]+$/.test(action))).toBe(true);
  });

  test("is scoped to this stack's resources by name wherever AWS allows it", () => {
    const unscoped = policy.Statement.filter((statement) => (statement.Resource ?? []).some((resource) => resource === '*' || !/demo/.test(resource)));
    expect(unscoped.map((statement) => statement.Sid).sort()).toEqual(['DistributionsOfTheAccount', 'NoResourceLevelPermission', 'OriginAccessControlsOfTheAccount', 'RestApisOfTheRegion', 'TagNewRestApis']);
    expect(unscoped.find((statement) => statement.Sid === 'NoResourceLevelPermission')?.Action).toEqual([
      'cloudfront:CreateDistribution', 'cloudfront:CreateOriginAccessControl', 'cloudfront:ListDistributions', 'cloudfront:ListOriginAccessControls',
      'cloudwatch:GetMetricData', 'logs:DescribeLogGroups',
    ]);
    for (const statement of policy.Statement.filter((candidate) => !unscoped.includes(candidate))) {
      for (const resource of statement.Resource ?? []) expect(resource).toMatch(/demo-(generate-upload-url|process-image-upload|detect-labels|uploads|site|results|notifications|failed-uploads|api|daily-uploads)/);
    }
  });

  test('passes only its own roles, and only to Lambda', () => {
    const passing = policy.Statement.filter((statement) => statement.Action.includes('iam:PassRole'));
    expect(passing).toEqual([
      {
        Sid: 'PassFunctionRolesToLambda',
        Effect: 'Allow',
        Action: ['iam:PassRole'],
        Resource: ['generate-upload-url', 'process-image-upload', 'detect-labels'].map((key) => `arn:aws:iam::111122223333:role/demo-${key}-role`),
        Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      },
    ]);
  });

  test('an access denial names the IAM actions of the call, which differ from its name for S3', () => {
    expect(iamActionsOf('s3', 'HeadBucket')).toEqual(['s3:ListBucket']);
    expect(iamActionsOf('s3', 'CreateBucket')).toEqual(['s3:CreateBucket', 's3:PutBucketOwnershipControls', 's3:TagResource']);
    expect(iamActionsOf('apigateway', 'UpdateStage')).toEqual(['apigateway:PATCH']);
    expect(iamActionsOf('lambda', 'CreateFunction')).toEqual(['lambda:CreateFunction', 'lambda:TagResource', 'iam:PassRole']);
  });
});
