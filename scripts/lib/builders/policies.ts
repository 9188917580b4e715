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
      { Sid: 'RecordUpload', Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [table] },
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
      { Sid: 'WriteResults', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: [table] },
      { Sid: 'Notify', Effect: 'Allow', Action: ['sns:Publish'], Resource: [arns.topic(scope, names.topic)] },
    ],
    'detect-labels': [{ Sid: 'ReadResults', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [table] }],
  };
  return { Version: '2012-10-17', Statement: [...statements[key], logs] };
}

/** Refuses every request to the upload bucket that does not come over TLS. */
export function uploadBucketPolicy(bucket: string, scope: ArnScope): PolicyDocument {
  const arn = arns.bucket(scope, bucket);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*'],
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

/** The site's files are public to read; nothing else about the bucket is. */
export function siteBucketPolicy(bucket: string, scope: ArnScope): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'PublicReadOfSiteFiles', Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`${arns.bucket(scope, bucket)}/*`] }],
  };
}
