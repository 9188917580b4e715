/**
 * Every AWS operation the engine calls (up, status, down, logs), with the IAM actions it needs and
 * what each can be scoped to. The deployer policy is built from it, and an AccessDenied names the
 * actions of the refused call from it. Sources: the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/) and each API's
 * "Permissions" section; where an operation's name is not its action's, the action is AWS's.
 */

/** What an action is granted on, resolved to ARNs by the deployer policy. */
export type Scope =
  | 'roles'
  | 'passRoles'
  | 'buckets'
  | 'bucketObjects'
  | 'table'
  | 'topic'
  | 'queue'
  | 'functions'
  | 'logGroups'
  | 'apis'
  | 'apiTags'
  | 'alarms'
  /** A distribution's id (and its OAC's) is known only once it exists: the account's, in CloudFront. */
  | 'distributions'
  | 'originAccessControls'
  /** Actions AWS offers no resource-level permission for. */
  | 'any';

type Needs = [action: string, scope: Scope][];

const on = (scope: Scope, ...actions: string[]): Needs => actions.map((action) => [action, scope]);

export const OPERATION_PERMISSIONS: Record<string, Needs> = {
  // sts:GetCallerIdentity needs no permission, and no Deny can refuse it.
  'sts:GetCallerIdentity': [],

  'iam:GetRole': on('roles', 'iam:GetRole'),
  // Tags at creation need iam:TagRole (seen in AccessDenied answers; the reference lists no dependency).
  'iam:CreateRole': on('roles', 'iam:CreateRole', 'iam:TagRole'),
  'iam:PutRolePolicy': on('roles', 'iam:PutRolePolicy'),
  'iam:GetRolePolicy': on('roles', 'iam:GetRolePolicy'),
  'iam:UpdateAssumeRolePolicy': on('roles', 'iam:UpdateAssumeRolePolicy'),
  'iam:ListRolePolicies': on('roles', 'iam:ListRolePolicies'),
  'iam:DeleteRolePolicy': on('roles', 'iam:DeleteRolePolicy'),
  'iam:ListAttachedRolePolicies': on('roles', 'iam:ListAttachedRolePolicies'),
  'iam:DetachRolePolicy': on('roles', 'iam:DetachRolePolicy'),
  'iam:DeleteRole': on('roles', 'iam:DeleteRole'),

  's3:HeadBucket': on('buckets', 's3:ListBucket'),
  // ObjectOwnership needs PutBucketOwnershipControls and creation tags TagResource (CreateBucket, "Permissions").
  's3:CreateBucket': on('buckets', 's3:CreateBucket', 's3:PutBucketOwnershipControls', 's3:TagResource'),
  's3:GetBucketTagging': on('buckets', 's3:GetBucketTagging'),
  's3:PutBucketTagging': on('buckets', 's3:PutBucketTagging'),
  's3:GetPublicAccessBlock': on('buckets', 's3:GetBucketPublicAccessBlock'),
  's3:PutPublicAccessBlock': on('buckets', 's3:PutBucketPublicAccessBlock'),
  's3:GetBucketEncryption': on('buckets', 's3:GetEncryptionConfiguration'),
  's3:PutBucketEncryption': on('buckets', 's3:PutEncryptionConfiguration'),
  's3:GetBucketPolicy': on('buckets', 's3:GetBucketPolicy'),
  's3:PutBucketPolicy': on('buckets', 's3:PutBucketPolicy'),
  's3:GetBucketCors': on('buckets', 's3:GetBucketCORS'),
  's3:PutBucketCors': on('buckets', 's3:PutBucketCORS'),
  's3:GetBucketLifecycleConfiguration': on('buckets', 's3:GetLifecycleConfiguration'),
  's3:PutBucketLifecycleConfiguration': on('buckets', 's3:PutLifecycleConfiguration'),
  's3:GetBucketNotificationConfiguration': on('buckets', 's3:GetBucketNotification'),
  's3:PutBucketNotificationConfiguration': on('buckets', 's3:PutBucketNotification'),
  // A site bucket deployed as a website by an earlier version loses its website hosting.
  's3:GetBucketWebsite': on('buckets', 's3:GetBucketWebsite'),
  's3:DeleteBucketWebsite': on('buckets', 's3:DeleteBucketWebsite'),
  's3:ListObjectsV2': on('buckets', 's3:ListBucket'),
  's3:ListObjectVersions': on('buckets', 's3:ListBucketVersions'),
  's3:PutObject': on('bucketObjects', 's3:PutObject'),
  // DeleteObjects is authorised key by key: DeleteObjectVersion for the versions named.
  's3:DeleteObjects': on('bucketObjects', 's3:DeleteObject', 's3:DeleteObjectVersion'),
  's3:DeleteBucket': on('buckets', 's3:DeleteBucket'),

  'dynamodb:DescribeTable': on('table', 'dynamodb:DescribeTable'),
  'dynamodb:CreateTable': on('table', 'dynamodb:CreateTable', 'dynamodb:TagResource'),
  'dynamodb:ListTagsOfResource': on('table', 'dynamodb:ListTagsOfResource'),
  'dynamodb:DescribeTimeToLive': on('table', 'dynamodb:DescribeTimeToLive'),
  'dynamodb:UpdateTimeToLive': on('table', 'dynamodb:UpdateTimeToLive'),
  'dynamodb:DeleteTable': on('table', 'dynamodb:DeleteTable'),

  'sns:GetTopicAttributes': on('topic', 'sns:GetTopicAttributes'),
  'sns:CreateTopic': on('topic', 'sns:CreateTopic', 'sns:TagResource'),
  'sns:ListTagsForResource': on('topic', 'sns:ListTagsForResource'),
  'sns:ListSubscriptionsByTopic': on('topic', 'sns:ListSubscriptionsByTopic'),
  'sns:Subscribe': on('topic', 'sns:Subscribe'),
  'sns:Unsubscribe': on('topic', 'sns:Unsubscribe'),
  'sns:DeleteTopic': on('topic', 'sns:DeleteTopic'),

  'sqs:GetQueueUrl': on('queue', 'sqs:GetQueueUrl'),
  'sqs:CreateQueue': on('queue', 'sqs:CreateQueue', 'sqs:TagQueue'),
  'sqs:GetQueueAttributes': on('queue', 'sqs:GetQueueAttributes'),
  'sqs:SetQueueAttributes': on('queue', 'sqs:SetQueueAttributes'),
  'sqs:ListQueueTags': on('queue', 'sqs:ListQueueTags'),
  'sqs:DeleteQueue': on('queue', 'sqs:DeleteQueue'),

  'cloudfront:ListDistributions': on('any', 'cloudfront:ListDistributions'),
  // CreateDistributionWithTags has no action of its own (its API reference, "Permissions").
  'cloudfront:CreateDistributionWithTags': [...on('any', 'cloudfront:CreateDistribution'), ...on('distributions', 'cloudfront:TagResource')],
  'cloudfront:GetDistribution': on('distributions', 'cloudfront:GetDistribution'),
  'cloudfront:GetDistributionConfig': on('distributions', 'cloudfront:GetDistributionConfig'),
  'cloudfront:UpdateDistribution': on('distributions', 'cloudfront:UpdateDistribution'),
  'cloudfront:DeleteDistribution': on('distributions', 'cloudfront:DeleteDistribution'),
  'cloudfront:ListTagsForResource': on('distributions', 'cloudfront:ListTagsForResource'),
  'cloudfront:CreateInvalidation': on('distributions', 'cloudfront:CreateInvalidation'),
  'cloudfront:ListOriginAccessControls': on('any', 'cloudfront:ListOriginAccessControls'),
  'cloudfront:CreateOriginAccessControl': on('any', 'cloudfront:CreateOriginAccessControl'),
  'cloudfront:GetOriginAccessControl': on('originAccessControls', 'cloudfront:GetOriginAccessControl'),
  'cloudfront:DeleteOriginAccessControl': on('originAccessControls', 'cloudfront:DeleteOriginAccessControl'),

  // GetFunction of a tagged function also needs ListTags (GetFunction, "Permissions").
  'lambda:GetFunction': on('functions', 'lambda:GetFunction', 'lambda:ListTags'),
  'lambda:CreateFunction': [...on('functions', 'lambda:CreateFunction', 'lambda:TagResource'), ...on('passRoles', 'iam:PassRole')],
  'lambda:UpdateFunctionCode': on('functions', 'lambda:UpdateFunctionCode'),
  'lambda:UpdateFunctionConfiguration': [...on('functions', 'lambda:UpdateFunctionConfiguration'), ...on('passRoles', 'iam:PassRole')],
  'lambda:DeleteFunction': on('functions', 'lambda:DeleteFunction'),
  'lambda:GetFunctionEventInvokeConfig': on('functions', 'lambda:GetFunctionEventInvokeConfig'),
  'lambda:PutFunctionEventInvokeConfig': on('functions', 'lambda:PutFunctionEventInvokeConfig'),
  'lambda:GetPolicy': on('functions', 'lambda:GetPolicy'),
  'lambda:AddPermission': on('functions', 'lambda:AddPermission'),
  'lambda:RemovePermission': on('functions', 'lambda:RemovePermission'),
  'lambda:PutFunctionConcurrency': on('functions', 'lambda:PutFunctionConcurrency'),
  'lambda:DeleteFunctionConcurrency': on('functions', 'lambda:DeleteFunctionConcurrency'),

  // DescribeLogGroups has no resource-level permission.
  'logs:DescribeLogGroups': on('any', 'logs:DescribeLogGroups'),
  'logs:CreateLogGroup': on('logGroups', 'logs:CreateLogGroup', 'logs:TagResource'),
  'logs:PutRetentionPolicy': on('logGroups', 'logs:PutRetentionPolicy'),
  'logs:ListTagsForResource': on('logGroups', 'logs:ListTagsForResource'),
  'logs:DeleteLogGroup': on('logGroups', 'logs:DeleteLogGroup'),
  'logs:FilterLogEvents': on('logGroups', 'logs:FilterLogEvents'),

  // API Gateway's management actions are HTTP verbs on resource paths; an API's id is not known
  // before it exists, so they are scoped to the REST APIs of the region.
  'apigateway:GetRestApis': on('apis', 'apigateway:GET'),
  'apigateway:CreateRestApi': [...on('apis', 'apigateway:POST'), ...on('apiTags', 'apigateway:PUT')],
  'apigateway:PutRestApi': on('apis', 'apigateway:PUT'),
  'apigateway:CreateDeployment': on('apis', 'apigateway:POST'),
  'apigateway:GetDeployment': on('apis', 'apigateway:GET'),
  'apigateway:GetStage': on('apis', 'apigateway:GET'),
  'apigateway:CreateStage': [...on('apis', 'apigateway:POST'), ...on('apiTags', 'apigateway:PUT')],
  'apigateway:UpdateStage': on('apis', 'apigateway:PATCH'),
  'apigateway:DeleteRestApi': on('apis', 'apigateway:DELETE'),

  'cloudwatch:DescribeAlarms': on('alarms', 'cloudwatch:DescribeAlarms'),
  'cloudwatch:PutMetricAlarm': on('alarms', 'cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource'),
  'cloudwatch:DeleteAlarms': on('alarms', 'cloudwatch:DeleteAlarms'),
  'cloudwatch:ListTagsForResource': on('alarms', 'cloudwatch:ListTagsForResource'),
  // Metrics have no resource-level permission.
  'cloudwatch:GetMetricData': on('any', 'cloudwatch:GetMetricData'),
};

/** `service` is the client's name in clients.ts (its IAM prefix); `operation` the command without `Command`. */
export function iamActionsOf(service: string, operation: string): string[] {
  const needs = OPERATION_PERMISSIONS[`${service}:${operation}`];
  return needs ? [...new Set(needs.map(([action]) => action))] : [`${service}:${operation}`];
}
