export interface PageOrigins {
  /** The API's origin, which the page calls. */
  api: string;
  /** The upload bucket's origin, which the page posts forms to. */
  uploads: string;
}

/**
 * The page's Content-Security-Policy: its own files only, and connections to exactly the API and
 * the upload bucket. Written into index.html at deploy time (a meta element: CloudFront's managed
 * security-headers policy sets no CSP), and the same way by the local cloud's site server.
 */
export function contentSecurityPolicy(origins: PageOrigins): string {
  const connect = [...new Set([origins.api, origins.uploads].map((origin) => new URL(origin).origin))].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const CSP_META = /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(">)/;

/** index.html with its CSP meta element set to `policy`; a page without one is an error, not a page without a CSP. */
export function withContentSecurityPolicy(html: string, policy: string): string {
  if (!CSP_META.test(html)) throw new Error('site/index.html has no <meta http-equiv="Content-Security-Policy" content="…"> to fill in');
  return html.replace(CSP_META, (_match, start: string, end: string) => `${start}${policy.replace(/"/g, '&quot;')}${end}`);
}
