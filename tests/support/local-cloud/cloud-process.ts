/**
 * The local cloud in a process of its own, so that a test can kill it: prints one line,
 * `READY <outputs as JSON>`, once the cloud serves and the model is loaded.
 *   node -r tsx/cjs tests/support/local-cloud/cloud-process.ts <port> <data root> <process timeout s>
 */
import { localSettings } from '../../../scripts/local/dev-command';
import { startLocalCloud } from '../../../scripts/local/local-cloud';
import { testSettings } from '../context';

async function main(): Promise<void> {
  const [port, dataRoot, processTimeoutSeconds] = process.argv.slice(2);
  const cloud = await startLocalCloud({
    port: Number(port),
    dataRoot,
    settings: localSettings(testSettings({ apiRateLimit: 1_000, apiBurstLimit: 1_000 }), {}),
    preloadModel: true,
    functionTimeoutSeconds: { 'process-image-upload': Number(processTimeoutSeconds) },
    log: () => undefined,
  });
  await cloud.modelLoaded();
  process.stdout.write(`READY ${JSON.stringify(cloud.outputs)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
