import { buildNames } from '../../../../scripts/lib/builders/names';
import {
  CACHING_OPTIMIZED_POLICY_ID,
  distributionConfig,
  originAccessControlConfig,
  SECURITY_HEADERS_POLICY_ID,
} from '../../../../scripts/lib/builders/site-distribution';

const names = buildNames('demo', '111122223333', 'eu-west-1');

describe('the site distribution', () => {
  const config = distributionConfig(names, 'eu-west-1', 'E1OAC', 'ref-1');

  test('serves the private site bucket through the origin access control, from its regional REST endpoint', () => {
    expect(config.Origins?.Items).toEqual([
      { Id: 'site-bucket', DomainName: 'demo-site-111122223333-eu-west-1.s3.eu-west-1.amazonaws.com', OriginAccessControlId: 'E1OAC', S3OriginConfig: { OriginAccessIdentity: '' } },
    ]);
    expect(config).toMatchObject({ Enabled: true, DefaultRootObject: 'index.html', CallerReference: 'ref-1' });
  });

  test('redirects HTTP to HTTPS, compresses, caches with the managed policy and adds the managed security headers', () => {
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: true,
      CachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
      ResponseHeadersPolicyId: SECURITY_HEADERS_POLICY_ID,
    });
    expect(SECURITY_HEADERS_POLICY_ID).toBe('67f7725c-6f97-4210-82d7-5512b31e9d03');
  });

  test('is found again by a comment naming the stack and the region, as CloudFront is global', () => {
    expect(config.Comment).toBe('rekog-deploy demo in eu-west-1: the site');
    expect(distributionConfig(names, 'us-east-1', 'E1OAC', 'ref-1').Comment).not.toBe(config.Comment);
  });

  test("its origin access control signs every request with SigV4, and says whose it is (OACs take no tags)", () => {
    expect(originAccessControlConfig(names, 'eu-west-1')).toEqual({
      Name: 'demo-site-eu-west-1',
      Description: 'rekog-deploy:stack=demo',
      SigningProtocol: 'sigv4',
      SigningBehavior: 'always',
      OriginAccessControlOriginType: 's3',
    });
  });
});
