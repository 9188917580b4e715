/**
 * scripts/lib/build: what turns the repository into what is uploaded: the handlers bundled with
 * esbuild and zipped deterministically (so their hash can be compared with Lambda's), and the
 * site's files with their content types and the generated config.js.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleFunction, HANDLER_FILE } from './bundle';
import type { FunctionKey } from '../builders/names';
import { codeSha256, deterministicZip } from './zip';

export interface FunctionCode {
  zip: Buffer;
  sha256: string;
  bundleBytes: number;
}

/** Bundles a handler, keeps the bundle in dist/ (the local cloud runs that very file), and zips it. */
export async function buildFunctionCode(paths: { functions: string; dist: string }, key: FunctionKey, runtime: string): Promise<FunctionCode> {
  const bundle = await bundleFunction(paths.functions, key, runtime);
  const file = path.join(paths.dist, 'functions', key, HANDLER_FILE);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bundle);
  const zip = await deterministicZip([{ name: HANDLER_FILE, content: bundle }]);
  return { zip, sha256: codeSha256(zip), bundleBytes: bundle.length };
}
