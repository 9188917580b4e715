import { arns, type ArnScope } from './arns';
import type { FunctionKey, Names } from './names';
import { UPLOAD_PREFIX } from './names';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string[];
  Resource?: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export function lambdaTrustPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['sts:AssumeRole'] }],
  };
}

/**
 * Each function gets only what it touches. rekognition:DetectLabels has no resource-level
 * permissions, so it is the one `*` resource:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrekognition.html
 */
export function functionPolicy(key: FunctionKey, names: Names, scope: ArnScope): PolicyDocument {
  const table = arns.table(scope, names.table);
  const uploads = `${arns.bucket(scope, names.uploadBucket)}/${UPLOAD_PREFIX}*`;
  const logs: PolicyStatement = {
    Sid: 'WriteOwnLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: [`${arns.logGroup(scope, names.logGroups[key])}:*`],
  };
  const statements: Record<FunctionKey, PolicyStatement[]> = {
    'generate-upload-url': [
      { Sid: 'PresignUploads', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [uploads] },
      // PutItem records an issued upload; UpdateItem counts the day's uploads.
      { Sid: 'RecordUpload', Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: [table] },
    ],
    'process-image-upload': [
      { Sid: 'ReadUploads', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [uploads] },
      // Without s3:ListBucket, S3 answers HEAD of a missing key with 403, not 404, and a deleted
      // upload would read as a permission problem (HeadObject, "Permissions").
      {
        Sid: 'SeeMissingUploads',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [arns.bucket(scope, names.uploadBucket)],
        Condition: { StringLike: { 's3:prefix': [`${UPLOAD_PREFIX}*`] } },
      },
      { Sid: 'DetectLabels', Effect: 'Allow', Action: ['rekognition:DetectLabels'], Resource: ['*'] },
      // Every change of an item is a conditional update.
      { Sid: 'WriteResults', Effect: 'Allow', Action: ['dynamodb:UpdateItem'], Resource: [table] },
      { Sid: 'Notify', Effect: 'Allow', Action: ['sns:Publish'], Resource: [arns.topic(scope, names.topic)] },
      // Lambda hands an event that failed every attempt to the on-failure queue with the function's role.
      { Sid: 'KeepFailedEvents', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [arns.queue(scope, names.failedUploadsQueue)] },
    ],
    'detect-labels': [{ Sid: 'ReadResults', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [table] }],
  };
  return { Version: '2012-10-17', Statement: [...statements[key], logs] };
}

function denyInsecureTransport(arn: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:*'],
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Refuses every request to the upload bucket that does not come over TLS. */
export function uploadBucketPolicy(bucket: string, scope: ArnScope): PolicyDocument {
  return { Version: '2012-10-17', Statement: [denyInsecureTransport(arns.bucket(scope, bucket))] };
}

/**
 * The site bucket stays private: only the stack's CloudFront distribution may read its files,
 * signed with the origin access control (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).
 */
export function siteBucketPolicy(bucket: string, scope: ArnScope, distributionArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CloudFrontReadsSiteFiles',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['s3:GetObject'],
        Resource: [`${arns.bucket(scope, bucket)}/*`],
        Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
      },
    ],
  };
}
