import { bucketRegionalDomain, siteAddress, uploadOrigin } from '../../../../scripts/lib/builders/site-address';

describe('site address', () => {
  test('the page is served over HTTPS at its distribution domain; that origin is what CORS names', () => {
    expect(siteAddress('d111111abcdef8.cloudfront.net')).toEqual({ url: 'https://d111111abcdef8.cloudfront.net/', origin: 'https://d111111abcdef8.cloudfront.net' });
  });

  test('CloudFront reads the bucket at its regional REST endpoint, never the website one', () => {
    expect(bucketRegionalDomain('b', 'eu-central-1')).toBe('b.s3.eu-central-1.amazonaws.com');
    expect(bucketRegionalDomain('b', 'cn-north-1')).toBe('b.s3.cn-north-1.amazonaws.com.cn');
  });

  test('uploads go to the origin the SDK presigns for: virtual-hosted on AWS, the endpoint on an emulator', () => {
    expect(uploadOrigin('b', 'us-east-1')).toBe('https://b.s3.us-east-1.amazonaws.com');
    expect(uploadOrigin('b', 'us-east-1', 'http://localhost:4566/')).toBe('http://localhost:4566');
  });
});
