import type { DistributionConfig, OriginAccessControlConfig } from '@aws-sdk/client-cloudfront';
import type { Names } from './names';
import { bucketRegionalDomain } from './site-address';
import { STACK_TAG_KEY } from './tags';

// AWS-managed policies, referenced by id:
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
export const CACHING_OPTIMIZED_POLICY_ID = '658327ea-f89d-4fab-a63d-7e88639e58f6';
// HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy, X-XSS-Protection:
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-response-headers-policies.html
export const SECURITY_HEADERS_POLICY_ID = '67f7725c-6f97-4210-82d7-5512b31e9d03';

/** What that policy adds to every response, as the page above lists it; the local cloud sends the same. */
export const SECURITY_HEADERS = {
  'Strict-Transport-Security': 'max-age=31536000',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-XSS-Protection': '1; mode=block',
} as const;

const ORIGIN_ID = 'site-bucket';

/**
 * How the stack's distribution is found again. CloudFront is global, so the region is part of it:
 * the same stack name in two regions makes two distributions.
 */
export function distributionComment(names: Names, region: string): string {
  return `rekog-deploy ${names.stack} in ${region}: the site`;
}

/** Origin access controls carry no tags: their name (global, like the comment) and description say whose they are. */
export function originAccessControlConfig(names: Names, region: string): OriginAccessControlConfig {
  return {
    Name: `${names.stack}-site-${region}`,
    Description: `${STACK_TAG_KEY}=${names.stack}`,
    SigningProtocol: 'sigv4',
    SigningBehavior: 'always',
    OriginAccessControlOriginType: 's3',
  };
}

/**
 * The private site bucket behind HTTPS: CloudFront signs its requests to S3 with the OAC, redirects
 * HTTP to HTTPS, compresses, caches with the managed CachingOptimized policy and adds the managed
 * security headers. What `up` compares with the deployed configuration (CallerReference aside).
 */
export function distributionConfig(names: Names, region: string, originAccessControlId: string, callerReference: string): DistributionConfig {
  const methods = { Quantity: 2, Items: ['GET', 'HEAD'] } as const;
  return {
    CallerReference: callerReference,
    Comment: distributionComment(names, region),
    Enabled: true,
    DefaultRootObject: 'index.html',
    PriceClass: 'PriceClass_100',
    HttpVersion: 'http2and3',
    IsIPV6Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: ORIGIN_ID,
          DomainName: bucketRegionalDomain(names.siteBucket, region),
          OriginAccessControlId: originAccessControlId,
          // An S3 origin with an OAC still takes S3OriginConfig, with an empty legacy identity.
          S3OriginConfig: { OriginAccessIdentity: '' },
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: ORIGIN_ID,
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: true,
      CachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
      ResponseHeadersPolicyId: SECURITY_HEADERS_POLICY_ID,
      AllowedMethods: { ...methods, Items: [...methods.Items], CachedMethods: { ...methods, Items: [...methods.Items] } },
    },
  };
}
