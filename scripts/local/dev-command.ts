import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Settings } from '../../config/schema';
import { formatOutputs } from '../commands/format-outputs';
import type { StackOutputs } from '../lib/builders/stack-outputs';
import { DeployError } from '../lib/engine/errors';
import { useColour } from '../lib/engine/reporter';
import { confirmLocalDelete } from './confirm-local-delete';
import { LocalCloudRunningError, runningLocalCloud } from './instance-lock';
import { startLocalCloud } from './local-cloud';
import { localPaths } from './local-paths';

// CenterNet scores lower than Rekognition (the astronaut is "person 0.61", the cup 0.46), so the
// local cloud keeps labels from 40 unless REKOG_MIN_CONFIDENCE says otherwise.
/**
 * Where the local cloud's defaults differ from AWS's: the local model scores lower than Rekognition,
 * and uploads cost nothing, so the day's quota is there to be seen rather than to save money.
 * A setting given in the environment (or .env) wins.
 */
export const LOCAL_DEFAULTS = { minConfidence: 40, dailyUploadLimit: 1_000 } as const;
const LOCAL_DEFAULT_ENV: Record<keyof typeof LOCAL_DEFAULTS, string> = { minConfidence: 'REKOG_MIN_CONFIDENCE', dailyUploadLimit: 'REKOG_DAILY_UPLOAD_LIMIT' };

export function localSettings(settings: Settings, env: NodeJS.ProcessEnv = process.env): Settings {
  const local = { ...settings };
  for (const key of Object.keys(LOCAL_DEFAULTS) as (keyof typeof LOCAL_DEFAULTS)[]) {
    if (!env[LOCAL_DEFAULT_ENV[key]]) local[key] = LOCAL_DEFAULTS[key];
  }
  return local;
}

/** `rekog-deploy dev`: runs until Ctrl-C, then stops every local server. */
export async function runDev(settings: Settings, port: number, json: boolean): Promise<void> {
  const started = Date.now();
  // With --json, stdout holds only the outputs document; the running log goes to stderr.
  const log = json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  const cloud = await startLocalCloud({ port, settings: localSettings(settings), preloadModel: true, log, colour: useColour(json ? process.stderr : process.stdout) });
  if (json) {
    console.log(JSON.stringify(cloud.outputs));
  } else {
    console.log(`\nrekog local cloud ready in ${Date.now() - started} ms, no AWS account used.`);
    console.log(`  Open ${cloud.outputs.siteUrl} and drop a photo on the page.`);
    for (const line of formatOutputs(cloud.outputs)) console.log(line);
    console.log(`  s3             ${cloud.s3Url}`);
    console.log('Press Ctrl-C to stop; your images and results stay in .rekog/local for next time.\n');
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log('Stopping the local cloud...');
  await cloud.close();
}

export function readLocalOutputs(root?: string): StackOutputs {
  const file = localPaths(root).outputs;
  if (!existsSync(file)) {
    throw new DeployError('MISSING_DEPENDENCY', 'The local cloud has not run yet: start it with `rekog-deploy dev` (or `npm start`).');
  }
  return JSON.parse(readFileSync(file, 'utf8')) as StackOutputs;
}

/** `down --local`: the local cloud's buckets, table, notifications and logs. */
export function deleteLocalData(root?: string): boolean {
  const { dir } = localPaths(root);
  if (!existsSync(dir)) return false;
  refuseWhileRunning(dir);
  rmSync(dir, { recursive: true, force: true });
  return true;
}

/** `down --local`, asking first as `down` does: false when there was nothing to delete. */
export async function runDownLocal(options: { yes: boolean; root?: string; input?: NodeJS.ReadableStream & { isTTY?: boolean }; output?: NodeJS.WritableStream }): Promise<boolean> {
  const { dir } = localPaths(options.root);
  if (!existsSync(dir)) return false;
  refuseWhileRunning(dir);
  await confirmLocalDelete(dir, options.yes, options.input, options.output);
  return deleteLocalData(options.root);
}

function refuseWhileRunning(dir: string): void {
  const running = runningLocalCloud(dir);
  if (running) throw new LocalCloudRunningError(running, 'stop it (Ctrl-C in its terminal) before deleting its data with `down --local`.');
}
