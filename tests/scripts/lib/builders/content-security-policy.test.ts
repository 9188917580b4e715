import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentSecurityPolicy, withContentSecurityPolicy } from '../../../../scripts/lib/builders/content-security-policy';

const PAGE = readFileSync(path.resolve(__dirname, '../../../../site/index.html'), 'utf8');

describe('the page\'s Content-Security-Policy', () => {
  const policy = contentSecurityPolicy({ api: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod', uploads: 'https://b.s3.eu-west-1.amazonaws.com' });

  test('connects to exactly the API and the upload bucket, by origin; everything else is the page\'s own', () => {
    expect(policy).toContain('connect-src https://abc.execute-api.eu-west-1.amazonaws.com https://b.s3.eu-west-1.amazonaws.com;');
    expect(policy).not.toMatch(/connect-src[^;]*(http:|https:)(;| )/);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("object-src 'none'");
  });

  test('an emulator that serves both from one origin is named once', () => {
    expect(contentSecurityPolicy({ api: 'http://127.0.0.1:5000/restapis/x/prod/_user_request_', uploads: 'http://127.0.0.1:5000' })).toContain('connect-src http://127.0.0.1:5000;');
  });

  test("site/index.html's CSP is replaced, and a page without one is refused rather than served without", () => {
    const deployed = withContentSecurityPolicy(PAGE, policy);
    expect(deployed).toContain(`<meta http-equiv="Content-Security-Policy" content="${policy}">`);
    expect(deployed.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(() => withContentSecurityPolicy('<html><head></head></html>', policy)).toThrow('no <meta http-equiv="Content-Security-Policy"');
  });
});
