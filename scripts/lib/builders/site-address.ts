// Regions whose website endpoints use a hyphen (s3-website-<region>); all others use a dot.
// https://docs.aws.amazon.com/general/latest/gr/s3.html#s3_website_region_endpoints
const HYPHEN_WEBSITE_REGIONS = new Set([
  'us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2',
  'ap-northeast-1', 'sa-east-1', 'us-gov-west-1',
]);

export interface SiteAddress {
  /** The page a visitor opens. */
  url: string;
  /** What the API and the upload bucket allow in CORS: the site's own origin, never `*`. */
  origin: string;
}

/**
 * Where the site bucket serves the page: S3 website hosting on AWS, or path-style on an emulator
 * (LocalStack and moto serve `<endpoint>/<bucket>/<key>`).
 */
export function siteAddress(siteBucket: string, region: string, emulatorEndpoint?: string): SiteAddress {
  if (emulatorEndpoint) {
    const origin = new URL(emulatorEndpoint).origin;
    return { url: `${origin}/${siteBucket}/index.html`, origin };
  }
  const separator = HYPHEN_WEBSITE_REGIONS.has(region) ? '-' : '.';
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  const origin = `http://${siteBucket}.s3-website${separator}${region}.${suffix}`;
  return { url: `${origin}/`, origin };
}
