import { settingDefaults } from '../config/schema';
import { writeBundles } from './lib/build/bundle';
import { projectPaths } from './lib/engine/context';

/** `npm run build`: dist/functions/<name>/index.js, the exact files that go into the Lambda zips. */
async function main(): Promise<void> {
  const paths = projectPaths();
  const runtime = process.env.REKOG_RUNTIME || settingDefaults.runtime;
  const written = await writeBundles(paths.functions, paths.dist, runtime);
  for (const [key, file] of Object.entries(written)) {
    const { size } = require('node:fs').statSync(file) as { size: number };
    console.log(`  ${key.padEnd(22)} ${(size / 1024).toFixed(1).padStart(6)} KiB  ${file}`);
  }
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
});
