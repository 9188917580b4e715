/**
 * The local cloud in a process of its own, so that a test can kill it, or see that it survives:
 * prints `LOG <line>` for each line it logs, `READY <outputs as JSON>` once it serves and the model
 * is loaded, and answers each `rss` line on stdin with `RSS <bytes>`.
 *   node -r tsx/cjs tests/support/local-cloud/cloud-process.ts <port> <data root> <process timeout s> [<http timeout ms>]
 */
import { createInterface } from 'node:readline';
import { localSettings } from '../../../scripts/local/dev-command';
import { startLocalCloud } from '../../../scripts/local/local-cloud';
import { testSettings } from '../context';

async function main(): Promise<void> {
  const [port, dataRoot, processTimeoutSeconds, httpTimeoutMs] = process.argv.slice(2);
  const cloud = await startLocalCloud({
    port: Number(port),
    dataRoot,
    settings: localSettings(testSettings({ apiRateLimit: 1_000, apiBurstLimit: 1_000 }), {}),
    preloadModel: true,
    functionTimeoutSeconds: { 'process-image-upload': Number(processTimeoutSeconds) },
    ...(httpTimeoutMs ? { httpTimeouts: { headersMs: Number(httpTimeoutMs), requestMs: Number(httpTimeoutMs) } } : {}),
    log: (line) => process.stdout.write(`LOG ${line.replace(/\n/g, '\\n')}\n`),
  });
  await cloud.modelLoaded();
  process.stdout.write(`READY ${JSON.stringify(cloud.outputs)}\n`);
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() === 'rss') process.stdout.write(`RSS ${process.memoryUsage().rss}\n`);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
