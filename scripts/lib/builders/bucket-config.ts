import type {
  CORSRule,
  LifecycleRule,
  NotificationConfiguration,
  PublicAccessBlockConfiguration,
  ServerSideEncryptionConfiguration,
} from '@aws-sdk/client-s3';
import { UPLOAD_PREFIX } from './names';

export const PRIVATE_BUCKET: PublicAccessBlockConfiguration = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export const DEFAULT_ENCRYPTION: ServerSideEncryptionConfiguration = {
  Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
};

/**
 * Browsers let the site's page post upload forms here, and nothing else: POST only, and no request
 * header beyond what a form post carries. CORS is a rule browsers keep, not access control: the
 * presigned POST policy is what S3 enforces.
 */
export function uploadCorsRules(siteOrigin: string): CORSRule[] {
  return [{ ID: 'site-uploads', AllowedOrigins: [siteOrigin], AllowedMethods: ['POST'], MaxAgeSeconds: 3000 }];
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
