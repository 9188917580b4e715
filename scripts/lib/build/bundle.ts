import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { DeployError } from '../engine/errors';
import { FUNCTION_KEYS, type FunctionKey } from '../builders/names';

export const HANDLER_FILE = 'index.js';
export const LAMBDA_HANDLER = 'index.handler';

/** `nodejs22.x` → `node22`: bundle for the runtime the function will run on. */
export function esbuildTarget(runtime: string): string {
  const version = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  return version ? `node${version}` : 'node22';
}

/**
 * esbuild options as data. The Lambda Node.js runtime provides the AWS SDK v3, so `@aws-sdk/*`
 * stays out of the bundle, as CDK's NodejsFunction does:
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs-readme.html#externals
 */
export function bundleOptions(entry: string, runtime: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: esbuildTarget(runtime),
    external: ['@aws-sdk/*'],
    minify: true,
    keepNames: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  };
}

export async function bundleFunction(functionsDir: string, key: FunctionKey, runtime: string): Promise<Buffer> {
  try {
    const result = await build(bundleOptions(path.join(functionsDir, `${key}.ts`), runtime));
    return Buffer.from(result.outputFiles?.[0]?.contents ?? []);
  } catch (error) {
    throw new DeployError('BUILD_FAILED', `Could not bundle functions/${key}.ts: ${(error as Error).message}`, { cause: error });
  }
}

/** Writes dist/functions/<name>/index.js for each handler: the exact file that goes into the zip. */
export async function writeBundles(functionsDir: string, distDir: string, runtime: string): Promise<Record<FunctionKey, string>> {
  const written = {} as Record<FunctionKey, string>;
  await Promise.all(
    FUNCTION_KEYS.map(async (key) => {
      const code = await bundleFunction(functionsDir, key, runtime);
      const file = path.join(distDir, 'functions', key, HANDLER_FILE);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, code);
      written[key] = file;
    }),
  );
  return written;
}
