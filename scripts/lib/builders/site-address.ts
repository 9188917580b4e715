export interface SiteAddress {
  /** The page a visitor opens. */
  url: string;
  /** What the API and the upload bucket allow in CORS: the site's own origin, never `*`. */
  origin: string;
}

/** The page's address on its CloudFront distribution: HTTPS, at the distribution's own domain. */
export function siteAddress(distributionDomain: string): SiteAddress {
  const origin = `https://${distributionDomain}`;
  return { url: `${origin}/`, origin };
}

function awsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** Where CloudFront reads the site's files: the bucket's regional REST endpoint (not the website one). */
export function bucketRegionalDomain(bucket: string, region: string): string {
  return `${bucket}.s3.${region}.${awsSuffix(region)}`;
}

/**
 * Where the browser posts uploads: what the SDK's createPresignedPost answers with, virtual-hosted on
 * AWS, path-style on an emulator (moto, LocalStack).
 */
export function uploadOrigin(bucket: string, region: string, emulatorEndpoint?: string): string {
  return emulatorEndpoint ? new URL(emulatorEndpoint).origin : `https://${bucketRegionalDomain(bucket, region)}`;
}
