import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleOptions, esbuildTarget } from '../../../scripts/lib/bundle';
import { buildFunctionCode } from '../../../scripts/lib/function-code';
import { codeSha256, deterministicZip } from '../../../scripts/lib/zip';

describe('esbuild options', () => {
  test('bundle for the Lambda runtime, CommonJS, with the AWS SDK left to the runtime', () => {
    const options = bundleOptions('functions/detect-labels.ts', 'nodejs22.x');
    expect(options).toMatchObject({ bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: ['@aws-sdk/*'] });
    expect(esbuildTarget('nodejs20.x')).toBe('node20');
  });
});

describe('deterministic zip', () => {
  test('the same files zip to the same bytes, whatever the order given', async () => {
    const a = { name: 'index.js', content: Buffer.from('exports.handler = async () => 1;\n') };
    const b = { name: 'lib.js', content: Buffer.from('module.exports = 2;\n') };
    const first = await deterministicZip([a, b]);
    const second = await deterministicZip([b, a]);
    expect(codeSha256(first)).toBe(codeSha256(second));
    expect(codeSha256(first)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  test('a changed file changes the hash', async () => {
    const first = await deterministicZip([{ name: 'index.js', content: Buffer.from('a') }]);
    const second = await deterministicZip([{ name: 'index.js', content: Buffer.from('b') }]);
    expect(codeSha256(first)).not.toBe(codeSha256(second));
  });

  test('the hash is the same in another time zone (zip times are local time)', () => {
    const script = `require('tsx/cjs'); require(${JSON.stringify(path.resolve(__dirname, '../../../scripts/lib/zip.ts'))})
      .deterministicZip([{ name: 'index.js', content: Buffer.from('x') }])
      .then((zip) => process.stdout.write(require('node:crypto').createHash('sha256').update(zip).digest('hex')));`;
    const inZone = (TZ: string) => execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ } }).toString();
    expect(inZone('Pacific/Auckland')).toBe(inZone('America/Los_Angeles'));
  });

  test('building a handler twice gives the CodeSha256 Lambda would report, twice the same', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rekog-code-'));
    const functionsDir = path.join(root, 'functions');
    require('node:fs').mkdirSync(functionsDir);
    writeFileSync(path.join(functionsDir, 'detect-labels.ts'), 'export const handler = async () => ({ statusCode: 200, body: "{}" });\n');
    const paths = { functions: functionsDir, dist: path.join(root, 'dist') };
    const first = await buildFunctionCode(paths, 'detect-labels', 'nodejs22.x');
    const second = await buildFunctionCode(paths, 'detect-labels', 'nodejs22.x');
    expect(first.sha256).toBe(second.sha256);
    expect(first.sha256).toBe(codeSha256(first.zip));
    const bundled = require(path.join(root, 'dist', 'functions', 'detect-labels', 'index.js'));
    await expect(bundled.handler()).resolves.toEqual({ statusCode: 200, body: '{}' });
  });
});
