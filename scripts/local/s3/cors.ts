import type { CORSRule } from '@aws-sdk/client-s3';

/**
 * The CORS headers S3 adds to an actual (not preflight) request: those of the first rule whose
 * origins and methods match, or none. Without them a browser cannot read the answer, errors included.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html#cors-eval-criteria
 */
export function corsHeaders(rules: CORSRule[], origin: string | undefined, method: string): Record<string, string> {
  if (!origin) return {};
  const rule = rules.find(
    (candidate) => (candidate.AllowedOrigins ?? []).some((pattern) => matchesOrigin(pattern, origin)) && (candidate.AllowedMethods ?? []).includes(method),
  );
  if (!rule) return {};
  const anyOrigin = (rule.AllowedOrigins ?? []).includes('*');
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': anyOrigin ? '*' : origin,
    'Access-Control-Allow-Methods': (rule.AllowedMethods ?? []).join(', '),
    Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!anyOrigin) headers['Access-Control-Allow-Credentials'] = 'true';
  if (rule.ExposeHeaders?.length) headers['Access-Control-Expose-Headers'] = rule.ExposeHeaders.join(', ');
  if (rule.MaxAgeSeconds !== undefined) headers['Access-Control-Max-Age'] = String(rule.MaxAgeSeconds);
  return headers;
}

// An AllowedOrigin may hold one `*` wildcard, e.g. http://*.example.com.
function matchesOrigin(pattern: string, origin: string): boolean {
  const [prefix, suffix] = pattern.split('*');
  if (suffix === undefined) return pattern === origin;
  return origin.length >= prefix.length + suffix.length && origin.startsWith(prefix) && origin.endsWith(suffix);
}
