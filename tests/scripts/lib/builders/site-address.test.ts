import { siteAddress } from '../../../../scripts/lib/builders/site-address';

describe('site address', () => {
  test('website endpoints use a hyphen in the older regions and a dot in the newer ones', () => {
    expect(siteAddress('b', 'us-east-1').origin).toBe('http://b.s3-website-us-east-1.amazonaws.com');
    expect(siteAddress('b', 'eu-central-1').origin).toBe('http://b.s3-website.eu-central-1.amazonaws.com');
  });

  test('an emulator serves the site path-style from its own origin', () => {
    expect(siteAddress('b', 'us-east-1', 'http://localhost:4566/')).toEqual({ origin: 'http://localhost:4566', url: 'http://localhost:4566/b/index.html' });
  });
});
