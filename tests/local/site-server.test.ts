import { projectPaths } from '../../scripts/lib/engine/context';
import type { HttpService } from '../../scripts/local/http/start-server';
import { startSiteServer } from '../../scripts/local/site-server';

const API = 'http://127.0.0.1:4101/prod';
const UPLOADS = 'http://127.0.0.1:4102';
let site: HttpService;

beforeAll(async () => {
  site = await startSiteServer({
    port: 0,
    host: '127.0.0.1',
    siteDir: projectPaths().site,
    origins: { api: API, uploads: UPLOADS },
    log: () => undefined,
    config: { apiUrl: API, maxUploadBytes: 1_000_000, uploadUrlExpirySeconds: 60, stack: 'local', region: 'us-east-1' },
  });
});

afterAll(() => site.close());

describe('the local site server answers as the distribution does', () => {
  test("the page's Content-Security-Policy lets it connect to exactly the local API and S3", async () => {
    const html = await (await fetch(`${site.url}/`)).text();
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];

    expect(policy).toContain(`connect-src http://127.0.0.1:4101 ${UPLOADS};`);
    expect(policy).not.toMatch(/connect-src[^;]*(http:|https:)(;| )/);
  });

  test.each(['/', '/app.js', '/config.js'])("%s carries CloudFront's security headers", async (target) => {
    const response = await fetch(`${site.url}${target}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  test('config.js points a failing page at the local logs', async () => {
    expect(await (await fetch(`${site.url}/config.js`)).text()).toContain('rekog-deploy logs <function> --local');
  });
});
