import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildOptions, Metafile } from 'esbuild';
import { DeployError } from '../engine/errors';
import { FUNCTION_KEYS, type FunctionKey } from '../builders/names';
import { deterministicZip } from './zip';

export const HANDLER_FILE = 'index.js';
export const LAMBDA_HANDLER = 'index.handler';
/** The bundle zipped, as it is uploaded to Lambda. */
const ZIP_FILE = 'function.zip';
/** What a bundle was built from, beside it: dist/functions/<name>/inputs.json. */
const INPUTS_FILE = 'inputs.json';
/** How close to its record a file's time may be and still hide an edit (the file system's time resolution, with room). */
const RACY_MS = 2_000;

/**
 * One target for every runtime we accept: Node.js 20 runs the bundles in the local cloud (this
 * package's `engines`), and Lambda's nodejs22.x and later run what Node.js 20 runs. So a bundle does
 * not depend on any setting, and the package can ship it built.
 */
export const BUNDLE_TARGET = 'node20';

/**
 * esbuild options as data. The Lambda Node.js runtime provides the AWS SDK v3, so `@aws-sdk/*`
 * stays out of the bundle, as CDK's NodejsFunction does:
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs-readme.html#externals
 */
export function bundleOptions(entry: string, root: string): BuildOptions & { metafile: true } {
  return {
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    target: BUNDLE_TARGET,
    external: ['@aws-sdk/*'],
    minify: true,
    keepNames: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  };
}

export interface BundlePaths {
  /** The handlers' sources: present in a clone, absent from the installed package. */
  functions: string;
  dist: string;
}

/** A file's content hash, with the size and time it had when hashed. */
interface InputFile {
  sha256: string;
  size: number;
  mtimeMs: number;
}

/** Every file a bundle was built from (as esbuild's metafile lists them) with its SHA-256, and the build's own identity. */
interface BundleInputs {
  build: string;
  /** When the record was made (ms since the epoch). */
  recordedAt: number;
  files: Record<string, InputFile>;
  /** The SHA-256 of the bundle and of its zip: one edited or cut short in dist/ is built again. */
  bundle: string;
  zip: string;
}

/** A handler as it runs (the bundle) and as it is uploaded (the bundle zipped). */
export interface FunctionArtifact {
  bundle: Buffer;
  zip: Buffer;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export function bundleFile(distDir: string, key: FunctionKey): string {
  return path.join(distDir, 'functions', key, HANDLER_FILE);
}

const besideBundle = (distDir: string, key: FunctionKey, name: string) => path.join(distDir, 'functions', key, name);

/** The esbuild version and options: a bundle built by another esbuild, or otherwise, is not reused. */
function buildIdentity(version: string, options: BuildOptions): string {
  const { absWorkingDir: _root, ...rest } = options;
  return sha256(JSON.stringify({ version, options: rest }));
}

async function describeInputs(root: string, files: string[]): Promise<Record<string, InputFile>> {
  const described = await Promise.all(
    files.map(async (file) => {
      const absolute = path.resolve(root, file);
      const [content, stats] = await Promise.all([readFile(absolute), stat(absolute)]);
      return [file, { sha256: sha256(content), size: stats.size, mtimeMs: stats.mtimeMs }] as const;
    }),
  );
  return Object.fromEntries(described);
}

/**
 * A file with its recorded size and time is taken as unchanged, as make does, unless it had been
 * written shortly before the record was made: then an edit within the file system's time resolution
 * could keep the time, so it is hashed, as git does with "racily clean" files. Any other is hashed.
 * The answer is the file's record as it stands now, or undefined when it changed.
 */
async function unchanged(root: string, file: string, recorded: InputFile, recordedAt: number): Promise<{ current: InputFile; hashed: boolean } | undefined> {
  const absolute = path.resolve(root, file);
  const stats = await stat(absolute);
  if (stats.size !== recorded.size) return undefined;
  const current = { ...recorded, mtimeMs: stats.mtimeMs };
  const settled = recorded.mtimeMs < recordedAt - RACY_MS;
  if (settled && stats.mtimeMs === recorded.mtimeMs) return { current, hashed: false };
  return sha256(await readFile(absolute)) === recorded.sha256 ? { current, hashed: true } : undefined;
}

const readArtifact = async (distDir: string, key: FunctionKey): Promise<FunctionArtifact> => ({
  bundle: await readFile(bundleFile(distDir, key)),
  zip: await readFile(besideBundle(distDir, key, ZIP_FILE)),
});

const isRecord = (value: unknown): value is BundleInputs =>
  typeof value === 'object' && value !== null && typeof (value as BundleInputs).recordedAt === 'number' && typeof (value as BundleInputs).files === 'object';

/**
 * The artifact in dist/ when every file it was built from is unchanged, read without starting esbuild.
 * Files that had to be hashed are recorded again once their times have settled, so the next run
 * compares times only (git refreshes its index the same way).
 */
async function reusableArtifact(root: string, distDir: string, key: FunctionKey, identity: () => string): Promise<FunctionArtifact | undefined> {
  const recordFile = besideBundle(distDir, key, INPUTS_FILE);
  let recorded: BundleInputs;
  let files: Record<string, InputFile>;
  let hashed: boolean;
  let artifact: FunctionArtifact;
  try {
    const read: unknown = JSON.parse(await readFile(recordFile, 'utf8'));
    if (!isRecord(read) || read.build !== identity()) return undefined;
    recorded = read;
    const checked = await Promise.all(Object.entries(recorded.files).map(async ([input, file]) => [input, await unchanged(root, input, file, recorded.recordedAt)] as const));
    if (checked.some(([, result]) => !result)) return undefined;
    files = Object.fromEntries(checked.map(([input, result]) => [input, result!.current]));
    hashed = checked.some(([, result]) => result!.hashed);
    artifact = await readArtifact(distDir, key);
    if (sha256(artifact.bundle) !== recorded.bundle || sha256(artifact.zip) !== recorded.zip) return undefined;
  } catch {
    // No record, an input gone, a record from an older layout: build again.
    return undefined;
  }
  const now = Date.now();
  if (hashed && Object.values(files).every((file) => file.mtimeMs < now - RACY_MS)) {
    // Only saves the next run some hashing: a dist/ that cannot be written is no reason to fail.
    await writeWhole(recordFile, `${JSON.stringify({ ...recorded, recordedAt: now, files }, null, 2)}\n`).catch(() => undefined);
  }
  return artifact;
}

/** Writes a file so a concurrent reader sees the old one or the new one, never half of one. */
async function writeWhole(file: string, content: Buffer | string): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, content);
  await rename(partial, file);
}

async function build(root: string, entry: string, key: FunctionKey): Promise<{ artifact: FunctionArtifact; inputs: BundleInputs }> {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const options = bundleOptions(entry, root);
  let metafile: Metafile;
  let code: Buffer;
  try {
    const result = await esbuild.build(options);
    metafile = result.metafile;
    code = Buffer.from(result.outputFiles?.[0]?.contents ?? []);
  } catch (error) {
    throw new DeployError('BUILD_FAILED', `Could not bundle functions/${key}.ts: ${(error as Error).message}`, { cause: error });
  }
  const files = await describeInputs(root, Object.keys(metafile.inputs));
  const zip = await deterministicZip([{ name: HANDLER_FILE, content: code }]);
  return { artifact: { bundle: code, zip }, inputs: { build: buildIdentity(esbuild.version, options), recordedAt: Date.now(), files, bundle: sha256(code), zip: sha256(zip) } };
}

/**
 * The handler's bundle (the exact file that goes into the Lambda zip and that the local cloud runs)
 * and its zip. In a clone they are built from functions/ with esbuild, unless dist/ holds a pair
 * built from the very same files (so a no-op `up` starts no esbuild and zips nothing); the installed
 * package has no sources and ships them built (`npm pack` builds them).
 */
export async function functionArtifact(paths: BundlePaths, key: FunctionKey): Promise<FunctionArtifact> {
  const entry = path.join(paths.functions, `${key}.ts`);
  if (!existsSync(entry)) {
    if (existsSync(bundleFile(paths.dist, key))) return readArtifact(paths.dist, key);
    throw new DeployError(
      'BUILD_FAILED',
      `Neither functions/${key}.ts nor its bundle ${bundleFile(paths.dist, key)} is here: reinstall rekog-deploy, or run \`npm run build\` in a clone.`,
    );
  }
  // Inputs are recorded relative to the folder above functions/, so a copy of the project keeps its record.
  const root = path.dirname(paths.functions);
  // esbuild's version from its package.json: reusing a bundle loads no bundler.
  const identity = () => buildIdentity((require('esbuild/package.json') as { version: string }).version, bundleOptions(entry, root));
  const reused = await reusableArtifact(root, paths.dist, key, identity);
  if (reused) return reused;
  const { artifact, inputs } = await build(root, entry, key);
  await mkdir(path.dirname(bundleFile(paths.dist, key)), { recursive: true });
  await writeWhole(bundleFile(paths.dist, key), artifact.bundle);
  await writeWhole(besideBundle(paths.dist, key, ZIP_FILE), artifact.zip);
  await writeWhole(besideBundle(paths.dist, key, INPUTS_FILE), `${JSON.stringify(inputs, null, 2)}\n`);
  return artifact;
}

/** dist/functions/<name>/index.js for each handler (`npm run build`, and the local cloud before it starts). */
export async function writeBundles(paths: BundlePaths): Promise<Record<FunctionKey, string>> {
  const written = {} as Record<FunctionKey, string>;
  await Promise.all(
    FUNCTION_KEYS.map(async (key) => {
      await functionArtifact(paths, key);
      written[key] = bundleFile(paths.dist, key);
    }),
  );
  return written;
}
