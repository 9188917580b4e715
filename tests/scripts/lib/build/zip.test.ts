import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { codeSha256, deterministicZip } from '../../../../scripts/lib/build/zip';

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
    const script = `require('tsx/cjs'); require(${JSON.stringify(path.resolve(__dirname, '../../../../scripts/lib/build/zip.ts'))})
      .deterministicZip([{ name: 'index.js', content: Buffer.from('x') }])
      .then((zip) => process.stdout.write(require('node:crypto').createHash('sha256').update(zip).digest('hex')));`;
    const inZone = (TZ: string) => execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ } }).toString();
    expect(inZone('Pacific/Auckland')).toBe(inZone('America/Los_Angeles'));
  });
});
