/**
 * Upload → labels latency of the local cloud, measured over HTTP as the page does it:
 * POST generate-upload-url, POST the form to S3, poll detect-labels every 100 ms until done.
 *
 *   npm run bench:local              a table
 *   npm run bench:local -- --json    one JSON document on stdout
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { settingDefaults, type Settings } from '../config/schema';
import { localSettings } from '../scripts/local/dev-command';
import { startLocalCloud } from '../scripts/local/local-cloud';
import { analyse, contentTypeOf, type ImageFile } from '../tests/support/local-cloud/api-client';
import { FIXTURE_NAMES, readFixture } from '../tests/support/fixtures';
import { findFreePorts } from '../tests/support/local-cloud/free-ports';

const UPLOADS_PER_PHASE = 20;
const CONCURRENCY = 4;
const POLL_INTERVAL_MS = 100;
// The stage's default throttle (10 requests/s, burst 20) is there to protect a bill; four clients
// polling every 100 ms exceed it, and 429s would measure the throttle rather than the app.
const BENCH_THROTTLE: Partial<Settings> = { apiRateLimit: 10_000, apiBurstLimit: 5_000 };

interface Phase {
  name: string;
  concurrency: number;
  uploads: number;
  failed: number;
  wallMs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  imagesPerSecond: number;
}

interface Report {
  fixtures: string[];
  pollIntervalMs: number;
  apiThrottle: { rateLimit: number; burstLimit: number };
  modelLoadMs: number;
  warmUpMs: number;
  phases: Phase[];
  peakRssMb: number;
  cpus: number;
  node: string;
}

function readFixtures(): ImageFile[] {
  return FIXTURE_NAMES.map((fileName) => ({ fileName, contentType: contentTypeOf(fileName), bytes: readFixture(fileName) }));
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}

async function timeOne(apiUrl: string, file: ImageFile): Promise<{ ms: number; ok: boolean }> {
  const started = performance.now();
  const answer = await analyse(apiUrl, file, POLL_INTERVAL_MS);
  return { ms: performance.now() - started, ok: answer.status === 'done' };
}

async function runPhase(name: string, apiUrl: string, files: ImageFile[], uploads: number, concurrency: number): Promise<Phase> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < uploads; index = next++) {
      const result = await timeOne(apiUrl, files[index % files.length]);
      latencies.push(result.ms);
      if (!result.ok) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - started;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name,
    concurrency,
    uploads,
    failed,
    wallMs: Math.round(wallMs),
    medianMs: Math.round(percentile(sorted, 0.5)),
    p95Ms: Math.round(percentile(sorted, 0.95)),
    minMs: Math.round(sorted[0]),
    maxMs: Math.round(sorted[sorted.length - 1]),
    imagesPerSecond: Number(((uploads * 1000) / wallMs).toFixed(2)),
  };
}

function printTable(report: Report): void {
  console.log(`\nLocal cloud: upload → labels over HTTP (poll every ${report.pollIntervalMs} ms), ${report.cpus} CPUs, Node ${report.node}`);
  console.log(`Fixtures: ${report.fixtures.join(', ')} (cycled)`);
  console.log(`API throttle raised to ${report.apiThrottle.rateLimit}/s (burst ${report.apiThrottle.burstLimit}) so that polling is not throttled.`);
  console.log(`Model load: ${report.modelLoadMs} ms. Warm-up: one upload (${report.warmUpMs} ms) before measuring, not counted.\n`);
  const header = ['phase', 'uploads', 'failed', 'median ms', 'p95 ms', 'min ms', 'max ms', 'images/s', 'wall s'];
  const rows = report.phases.map((phase) => [
    phase.name,
    String(phase.uploads),
    String(phase.failed),
    String(phase.medianMs),
    String(phase.p95Ms),
    String(phase.minMs),
    String(phase.maxMs),
    phase.imagesPerSecond.toFixed(2),
    (phase.wallMs / 1000).toFixed(1),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log(`\nPeak RSS of this process (local cloud, model and handlers included): ${report.peakRssMb} MB`);
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  // The SDK warns on Node 20 that releases after January 2027 need Node 22; the README says so once.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const progress = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const files = readFixtures();
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'rekog-bench-'));
  const port = await findFreePorts(3);
  const cloudLog: string[] = [];
  const settings = localSettings({ ...settingDefaults, region: 'us-east-1', ...BENCH_THROTTLE }, {});
  const cloud = await startLocalCloud({ port, settings, dataRoot, log: (line) => cloudLog.push(line), preloadModel: true });
  try {
    const apiUrl = cloud.outputs.apiUrl;
    if (!apiUrl) throw new Error('the local cloud reported no API URL');

    progress('Loading the model...');
    const modelLoadMs = await cloud.modelLoaded();

    progress('Warming up with one upload...');
    const warmUp = await timeOne(apiUrl, files[0]);
    if (!warmUp.ok) throw new Error(`the warm-up upload was not analysed; local cloud log:\n${cloudLog.join('\n')}`);

    progress(`Measuring ${UPLOADS_PER_PHASE} uploads one at a time...`);
    const sequential = await runPhase('sequential', apiUrl, files, UPLOADS_PER_PHASE, 1);
    progress(`Measuring ${UPLOADS_PER_PHASE} uploads ${CONCURRENCY} at a time...`);
    const concurrent = await runPhase(`${CONCURRENCY} at a time`, apiUrl, files, UPLOADS_PER_PHASE, CONCURRENCY);

    const report: Report = {
      fixtures: [...FIXTURE_NAMES],
      pollIntervalMs: POLL_INTERVAL_MS,
      apiThrottle: { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit },
      modelLoadMs,
      warmUpMs: Math.round(warmUp.ms),
      phases: [sequential, concurrent],
      // maxRSS is in kilobytes.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      cpus: (await import('node:os')).availableParallelism(),
      node: process.versions.node,
    };
    if (json) console.log(JSON.stringify(report, null, 2));
    else printTable(report);
  } finally {
    await cloud.close();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
