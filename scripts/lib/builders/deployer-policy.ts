import { alarmDefinitions } from './alarms';
import { arns, type ArnScope } from './arns';
import { OPERATION_PERMISSIONS, type Scope } from './iam-actions';
import { FUNCTION_KEYS, type Names } from './names';
import type { PolicyDocument, PolicyStatement } from './policies';

const STATEMENT_IDS: Record<Scope, string> = {
  roles: 'FunctionRoles',
  passRoles: 'PassFunctionRolesToLambda',
  buckets: 'Buckets',
  bucketObjects: 'BucketObjects',
  table: 'ResultsTable',
  topic: 'NotificationTopic',
  queue: 'FailedUploadsQueue',
  functions: 'Functions',
  logGroups: 'FunctionLogGroups',
  apis: 'RestApisOfTheRegion',
  apiTags: 'TagNewRestApis',
  alarms: 'Alarms',
  distributions: 'DistributionsOfTheAccount',
  originAccessControls: 'OriginAccessControlsOfTheAccount',
  any: 'NoResourceLevelPermission',
};

/** The ARNs each scope stands for: this stack's resources by name, never a prefix another stack could share. */
function resourcesOf(scope: Scope, names: Names, at: ArnScope): string[] {
  const functionNames = FUNCTION_KEYS.map((key) => names.functions[key]);
  const api = `arn:${at.partition}:apigateway:${at.region}::`;
  switch (scope) {
    case 'roles':
    case 'passRoles':
      return FUNCTION_KEYS.map((key) => arns.role(at, names.roles[key]));
    case 'buckets':
      return [names.uploadBucket, names.siteBucket].map((bucket) => arns.bucket(at, bucket));
    case 'bucketObjects':
      return [names.uploadBucket, names.siteBucket].map((bucket) => `${arns.bucket(at, bucket)}/*`);
    case 'table':
      return [arns.table(at, names.table)];
    case 'topic':
      // Unsubscribe names a subscription, `<topic ARN>:<id>`.
      return [arns.topic(at, names.topic), `${arns.topic(at, names.topic)}:*`];
    case 'queue':
      return [arns.queue(at, names.failedUploadsQueue)];
    case 'distributions':
      return [`arn:${at.partition}:cloudfront::${at.accountId}:distribution/*`];
    case 'originAccessControls':
      return [`arn:${at.partition}:cloudfront::${at.accountId}:origin-access-control/*`];
    case 'functions':
      return functionNames.map((name) => arns.function(at, name));
    case 'logGroups':
      // The tagging APIs take a group's ARN without the `:*` the other actions are checked against.
      return FUNCTION_KEYS.flatMap((key) => [arns.logGroup(at, names.logGroups[key]), `${arns.logGroup(at, names.logGroups[key])}:*`]);
    case 'apis':
      return [`${api}/restapis`, `${api}/restapis/*`];
    case 'apiTags':
      return [`${api}/tags/*`];
    case 'alarms':
      // Every alarm the stack can have, the daily-limit one included.
      return alarmDefinitions(names, arns.topic(at, names.topic), { dailyUploadLimit: 1 }).map((alarm) => `arn:${at.partition}:cloudwatch:${at.region}:${at.accountId}:alarm:${alarm.AlarmName}`);
    case 'any':
      return ['*'];
  }
}

/**
 * The least-privilege policy of an identity that runs `up`, `status`, `logs` and `down` for one
 * stack: every action the engine calls, one statement per kind of resource, each scoped to this
 * stack's resources wherever the service allows it.
 */
export function deployerPolicy(names: Names, at: ArnScope): PolicyDocument {
  const byScope = new Map<Scope, Set<string>>();
  for (const needs of Object.values(OPERATION_PERMISSIONS)) {
    for (const [action, scope] of needs) byScope.set(scope, (byScope.get(scope) ?? new Set()).add(action));
  }
  const statements: PolicyStatement[] = [...byScope].map(([scope, actions]) => ({
    Sid: STATEMENT_IDS[scope],
    Effect: 'Allow',
    Action: [...actions].sort(),
    Resource: resourcesOf(scope, names, at),
    ...(scope === 'passRoles' ? { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } } : {}),
  }));
  return { Version: '2012-10-17', Statement: statements };
}
