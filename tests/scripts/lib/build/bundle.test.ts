import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLE_TARGET, bundleFile, bundleOptions, functionArtifact } from '../../../../scripts/lib/build/bundle';

jest.mock('esbuild', () => {
  const actual = jest.requireActual<typeof import('esbuild')>('esbuild');
  return { ...actual, build: jest.fn(actual.build) };
});
const esbuildBuild = (require('esbuild') as { build: jest.Mock }).build;

describe('esbuild options', () => {
  test('one Node.js 20 target, CommonJS, with the AWS SDK left to the runtime', () => {
    const options = bundleOptions('functions/detect-labels.ts', '/project');
    expect(options).toMatchObject({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['@aws-sdk/*'], metafile: true });
    expect(BUNDLE_TARGET).toBe('node20');
  });
});

describe('a bundle is reused while its inputs are unchanged', () => {
  function project() {
    const root = mkdtempSync(path.join(tmpdir(), 'rekog-bundle-'));
    const functions = path.join(root, 'functions');
    mkdirSync(path.join(functions, 'shared'), { recursive: true });
    writeFileSync(path.join(functions, 'shared', 'answer.ts'), 'export const answer = 1;\n');
    writeFileSync(path.join(functions, 'detect-labels.ts'), "import { answer } from './shared/answer';\nexport const handler = async () => answer;\n");
    return { root, paths: { functions, dist: path.join(root, 'dist') } };
  }

  beforeEach(() => esbuildBuild.mockClear());

  test('a second call starts no esbuild; an edit to an imported file builds again', async () => {
    const { root, paths } = project();
    const first = await functionArtifact(paths, 'detect-labels');
    expect(esbuildBuild).toHaveBeenCalledTimes(1);
    expect(readFileSync(bundleFile(paths.dist, 'detect-labels'))).toEqual(first.bundle);

    expect(await functionArtifact(paths, 'detect-labels')).toEqual(first);
    expect(esbuildBuild).toHaveBeenCalledTimes(1);

    writeFileSync(path.join(root, 'functions', 'shared', 'answer.ts'), 'export const answer = 2;\n');
    const second = await functionArtifact(paths, 'detect-labels');
    expect(esbuildBuild).toHaveBeenCalledTimes(2);
    expect(second.bundle.toString()).not.toEqual(first.bundle.toString());
    expect(second.zip).not.toEqual(first.zip);
    const bundled = require(bundleFile(paths.dist, 'detect-labels'));
    await expect(bundled.handler()).resolves.toBe(2);
  });

  test('an edit that keeps the size and the time of a file written just before the build is still seen', async () => {
    const { root, paths } = project();
    const answer = path.join(root, 'functions', 'shared', 'answer.ts');
    const first = await functionArtifact(paths, 'detect-labels');
    const { mtime } = statSync(answer);
    writeFileSync(answer, 'export const answer = 3;\n');
    utimesSync(answer, mtime, mtime);
    const second = await functionArtifact(paths, 'detect-labels');
    expect(esbuildBuild).toHaveBeenCalledTimes(2);
    expect(second.bundle).not.toEqual(first.bundle);
  });

  test('files hashed because their times were near the record are recorded again once settled, then compared by time', async () => {
    const { root, paths } = project();
    await functionArtifact(paths, 'detect-labels');
    const record = path.join(path.dirname(bundleFile(paths.dist, 'detect-labels')), 'inputs.json');
    const before = JSON.parse(readFileSync(record, 'utf8'));
    // Just built: every source was written within the last two seconds, so each reuse hashes them.
    expect(Object.values(before.files).every((file) => (file as { mtimeMs: number }).mtimeMs > before.recordedAt - 2_000)).toBe(true);
    const longAgo = new Date(Date.now() - 60_000);
    for (const source of ['detect-labels.ts', path.join('shared', 'answer.ts')]) utimesSync(path.join(root, 'functions', source), longAgo, longAgo);

    await functionArtifact(paths, 'detect-labels');
    expect(esbuildBuild).toHaveBeenCalledTimes(1);
    const after = JSON.parse(readFileSync(record, 'utf8'));
    expect(after.recordedAt).toBeGreaterThan(before.recordedAt);
    expect(after.files['functions/shared/answer.ts']).toEqual({ ...before.files['functions/shared/answer.ts'], mtimeMs: statSync(path.join(root, 'functions', 'shared', 'answer.ts')).mtimeMs });
    expect(Object.values(after.files).every((file) => (file as { mtimeMs: number }).mtimeMs < after.recordedAt - 2_000)).toBe(true);
  });

  test('a record that cannot be written again does not stop the bundle being reused', async () => {
    const { root, paths } = project();
    const first = await functionArtifact(paths, 'detect-labels');
    const record = path.join(path.dirname(bundleFile(paths.dist, 'detect-labels')), 'inputs.json');
    const before = readFileSync(record, 'utf8');
    const longAgo = new Date(Date.now() - 60_000);
    for (const source of ['detect-labels.ts', path.join('shared', 'answer.ts')]) utimesSync(path.join(root, 'functions', source), longAgo, longAgo);
    // A folder where the new record would be written first: the write fails, as in a read-only dist/.
    mkdirSync(`${record}.${process.pid}.partial`);

    expect(await functionArtifact(paths, 'detect-labels')).toEqual(first);
    expect(esbuildBuild).toHaveBeenCalledTimes(1);
    expect(readFileSync(record, 'utf8')).toBe(before);
  });

  test('a record from before recordedAt was kept is not trusted: the bundle is built again', async () => {
    const { paths } = project();
    await functionArtifact(paths, 'detect-labels');
    const record = path.join(path.dirname(bundleFile(paths.dist, 'detect-labels')), 'inputs.json');
    const { recordedAt: _dropped, ...older } = JSON.parse(readFileSync(record, 'utf8'));
    writeFileSync(record, JSON.stringify(older));
    await functionArtifact(paths, 'detect-labels');
    expect(esbuildBuild).toHaveBeenCalledTimes(2);
    expect(JSON.parse(readFileSync(record, 'utf8')).recordedAt).toEqual(expect.any(Number));
  });

  test('a bundle or zip edited in dist/, or a record that is missing, is built again', async () => {
    const { paths } = project();
    const built = await functionArtifact(paths, 'detect-labels');
    const beside = (name: string) => path.join(path.dirname(bundleFile(paths.dist, 'detect-labels')), name);
    writeFileSync(bundleFile(paths.dist, 'detect-labels'), 'exports.handler = async () => "tampered";\n');
    expect(await functionArtifact(paths, 'detect-labels')).toEqual(built);
    writeFileSync(beside('function.zip'), 'not a zip');
    expect(await functionArtifact(paths, 'detect-labels')).toEqual(built);
    rmSync(beside('inputs.json'));
    expect(await functionArtifact(paths, 'detect-labels')).toEqual(built);
    expect(esbuildBuild).toHaveBeenCalledTimes(4);
  });

  test('with no sources (the installed package) the shipped bundle is used as it is', async () => {
    const { root, paths } = project();
    const built = await functionArtifact(paths, 'detect-labels');
    rmSync(path.join(root, 'functions'), { recursive: true });
    expect(await functionArtifact(paths, 'detect-labels')).toEqual(built);
    await expect(functionArtifact(paths, 'process-image-upload')).rejects.toThrow(/Neither functions\/process-image-upload.ts nor its bundle .* reinstall rekog-deploy/);
  });
});
