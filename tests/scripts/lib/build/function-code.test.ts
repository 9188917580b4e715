import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFunctionCode } from '../../../../scripts/lib/build/function-code';
import { codeSha256 } from '../../../../scripts/lib/build/zip';

describe('function code', () => {
  test('building a handler twice gives the CodeSha256 Lambda would report, twice the same', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rekog-code-'));
    const functionsDir = path.join(root, 'functions');
    mkdirSync(functionsDir);
    writeFileSync(path.join(functionsDir, 'detect-labels.ts'), 'export const handler = async () => ({ statusCode: 200, body: "{}" });\n');
    const paths = { functions: functionsDir, dist: path.join(root, 'dist') };
    const first = await buildFunctionCode(paths, 'detect-labels');
    const second = await buildFunctionCode({ ...paths, dist: path.join(root, 'other-dist') }, 'detect-labels');
    expect(first.sha256).toBe(second.sha256);
    expect(first.sha256).toBe(codeSha256(first.zip));
    const bundled = require(path.join(root, 'dist', 'functions', 'detect-labels', 'index.js'));
    await expect(bundled.handler()).resolves.toEqual({ statusCode: 200, body: '{}' });
  });
});
