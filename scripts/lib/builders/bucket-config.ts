import type {
  CORSRule,
  LifecycleRule,
  NotificationConfiguration,
  PublicAccessBlockConfiguration,
  ServerSideEncryptionConfiguration,
  WebsiteConfiguration,
} from '@aws-sdk/client-s3';
import { UPLOAD_PREFIX } from './names';

export const PRIVATE_BUCKET: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** The site bucket's policy makes objects public, so the two policy guards are off; ACLs stay blocked. */
export const PUBLIC_READ_BUCKET: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

export const DEFAULT_ENCRYPTION: ServerSideEncryptionConfiguration = {
  Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
};

/** Only the site may upload, and only with the browser-form POST (PUT for presigned PUT clients). */
export function uploadCorsRules(siteOrigin: string): CORSRule[] {
  return [
    {
      ID: 'site-uploads',
      AllowedOrigins: [siteOrigin],
      AllowedMethods: ['POST', 'PUT'],
      AllowedHeaders: ['*'],
      ExposeHeaders: ['ETag'],
      MaxAgeSeconds: 3000,
    },
  ];
}

export function uploadLifecycleRules(expiryDays: number): LifecycleRule[] {
  return [
    {
      ID: 'expire-uploads',
      Status: 'Enabled',
      Filter: { Prefix: UPLOAD_PREFIX },
      Expiration: { Days: expiryDays },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    },
  ];
}

export function uploadNotification(functionArn: string): NotificationConfiguration {
  return {
    LambdaFunctionConfigurations: [
      {
        Id: 'process-image-upload',
        LambdaFunctionArn: functionArn,
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: UPLOAD_PREFIX }] } },
      },
    ],
  };
}

export const SITE_WEBSITE: WebsiteConfiguration = {
  IndexDocument: { Suffix: 'index.html' },
  ErrorDocument: { Key: 'index.html' },
};
