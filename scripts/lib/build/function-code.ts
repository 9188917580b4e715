/**
 * scripts/lib/build: what turns the repository into what is uploaded: the handlers bundled with
 * esbuild and zipped deterministically (so their hash can be compared with Lambda's), and the
 * site's files with their content types and the generated config.js.
 */
import { functionArtifact, type BundlePaths } from './bundle';
import type { FunctionKey } from '../builders/names';
import { codeSha256 } from './zip';

export interface FunctionCode {
  zip: Buffer;
  sha256: string;
  bundleBytes: number;
}

/** The handler's zip (built, or reused when its inputs are unchanged) and the CodeSha256 Lambda reports for it. */
export async function buildFunctionCode(paths: BundlePaths, key: FunctionKey): Promise<FunctionCode> {
  const { bundle, zip } = await functionArtifact(paths, key);
  return { zip, sha256: codeSha256(zip), bundleBytes: bundle.length };
}
