import type { CORSRule } from '@aws-sdk/client-s3';
import { corsHeaders } from '../../scripts/local/s3/cors';

const SITE = 'http://127.0.0.1:5173';
const siteRule: CORSRule = { AllowedOrigins: [SITE], AllowedMethods: ['POST', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 };

test('a matching origin and method get the rule headers, with credentials allowed', () => {
  expect(corsHeaders([siteRule], SITE, 'POST')).toEqual({
    'Access-Control-Allow-Origin': SITE,
    'Access-Control-Allow-Methods': 'POST, PUT',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'ETag',
    'Access-Control-Max-Age': '3000',
    Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  });
});

test('another origin, another method, or no Origin header get nothing', () => {
  expect(corsHeaders([siteRule], 'http://elsewhere.example', 'POST')).toEqual({});
  expect(corsHeaders([siteRule], SITE, 'DELETE')).toEqual({});
  expect(corsHeaders([siteRule], undefined, 'POST')).toEqual({});
  expect(corsHeaders([], SITE, 'POST')).toEqual({});
});

test('a wildcard origin answers * without credentials; one * may stand inside an origin', () => {
  expect(corsHeaders([{ AllowedOrigins: ['*'], AllowedMethods: ['POST'] }], SITE, 'POST')).toMatchObject({ 'Access-Control-Allow-Origin': '*' });
  expect(corsHeaders([{ AllowedOrigins: ['*'], AllowedMethods: ['POST'] }], SITE, 'POST')).not.toHaveProperty('Access-Control-Allow-Credentials');
  const subdomains: CORSRule = { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['POST'] };
  expect(corsHeaders([subdomains], 'https://app.example.com', 'POST')).toMatchObject({ 'Access-Control-Allow-Origin': 'https://app.example.com' });
  expect(corsHeaders([subdomains], 'https://example.org', 'POST')).toEqual({});
});
