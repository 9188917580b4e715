import { statSync } from 'node:fs';
import { writeBundles } from './lib/build/bundle';
import { projectPaths } from './lib/engine/context';

/** `npm run build`: dist/functions/<name>/index.js, the exact files that go into the Lambda zips. */
async function main(): Promise<void> {
  const written = await writeBundles(projectPaths());
  for (const [key, file] of Object.entries(written)) {
    console.log(`  ${key.padEnd(22)} ${(statSync(file).size / 1024).toFixed(1).padStart(6)} KiB  ${file}`);
  }
}

main().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
});
