/**
 * `npm run bench`: what each phase of the engine costs in AWS calls (reads and writes apart),
 * counted against the in-memory AWS (and how many come one after another), and the size of each function's bundle and zip. With moto
 * installed it also times each phase against moto's server, in this process and as whole CLI
 * processes (`node bin/…`, and `npx` in the clone and where the package is installed), medians of several runs.
 */
import { appendFileSync, cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PLAN } from '../scripts/plan';
import type { CallHook } from '../scripts/lib/engine/clients';
import { createContext, projectPaths, type Paths } from '../scripts/lib/engine/context';
import { buildFunctionCode } from '../scripts/lib/build/function-code';
import { FUNCTION_KEYS } from '../scripts/lib/builders/names';
import { silentReporter } from '../scripts/lib/engine/reporter';
import { runDown, runUp } from '../scripts/lib/engine/runner';
import { callCounter, createFakeAws } from '../tests/support/fake-aws';
import { testContext, testSettings } from '../tests/support/context';
import { motoAvailable, startMoto, useMotoEnvironment, type Moto } from '../tests/support/moto';
import { COMMANDS, LAUNCHERS, timeWholeProcesses } from './whole-process';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const json = process.argv.includes('--json');

type Phase = 'cold up' | 'no-op up' | 'one function changed' | 'down';
const PHASES: Phase[] = ['cold up', 'no-op up', 'one function changed', 'down'];

function projectCopy(): Paths {
  const root = mkdtempSync(path.join(tmpdir(), 'rekog-bench-'));
  const original = projectPaths();
  cpSync(original.functions, path.join(root, 'functions'), { recursive: true });
  cpSync(original.site, path.join(root, 'site'), { recursive: true, filter: (source) => !source.endsWith('config.js') });
  for (const shared of ['node_modules', 'config']) symlinkSync(path.join(original.root, shared), path.join(root, shared));
  return projectPaths(root);
}

/** Runs the four phases in order, calling `measure` around each. */
async function phases(run: (phase: Phase, paths: Paths) => Promise<void>): Promise<void> {
  const paths = projectCopy();
  for (const phase of PHASES) {
    if (phase === 'one function changed') appendFileSync(path.join(paths.functions, 'detect-labels.ts'), `\nexport const benchRevision = ${Date.now()};\n`);
    await run(phase, paths);
  }
}

async function runPhase(phase: Phase, hooks: CallHook[], paths: Paths, accountId?: string, emulator?: boolean): Promise<void> {
  const ctx = emulator
    ? await createContext({ settings: testSettings({ stack: 'bench' }), log: silentReporter, hooks, paths })
    : Object.assign(testContext({ hooks, accountId }), { paths });
  if (phase === 'down') await runDown(ctx, PLAN, { keepData: false });
  else await runUp(ctx, PLAN);
}

async function countCalls(): Promise<Record<Phase, { reads: number; writes: number }>> {
  const counts = {} as Record<Phase, { reads: number; writes: number }>;
  const fake = createFakeAws({ accountId: '123456789012', region: 'us-east-1' });
  await phases(async (phase, paths) => {
    const counter = callCounter();
    await runPhase(phase, [counter.hook, fake.hook], paths, fake.accountId);
    counts[phase] = { reads: counter.reads().length, writes: counter.writes().length };
  });
  return counts;
}

/** Simulated network latency of every call, for counting the calls a phase makes one after another. */
const LATENCY_MS = 100;

/**
 * Calls one after another per phase: against the in-memory AWS with every call held for LATENCY_MS,
 * the phase's time over LATENCY_MS. Against AWS, where each call is a round trip of tens of
 * milliseconds, this is what a phase waits for.
 */
async function countSequentialCalls(): Promise<Record<Phase, number>> {
  const sequential = {} as Record<Phase, number>;
  const fake = createFakeAws({ accountId: '123456789012', region: 'us-east-1' });
  const latency: CallHook = async (_call, next) => {
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    return next();
  };
  await phases(async (phase, paths) => {
    const started = performance.now();
    await runPhase(phase, [latency, fake.hook], paths, fake.accountId);
    sequential[phase] = Math.round((performance.now() - started) / LATENCY_MS);
  });
  return sequential;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeInProcess(moto: Moto): Promise<Record<Phase, number>> {
  const restore = useMotoEnvironment(moto.endpoint);
  const samples = Object.fromEntries(PHASES.map((phase) => [phase, [] as number[]])) as Record<Phase, number[]>;
  try {
    for (let run = 0; run < RUNS; run += 1) {
      await moto.reset();
      await phases(async (phase, paths) => {
        const started = performance.now();
        await runPhase(phase, [], paths, undefined, true);
        samples[phase].push(performance.now() - started);
      });
    }
  } finally {
    restore();
  }
  return Object.fromEntries(PHASES.map((phase) => [phase, Math.round(median(samples[phase]))])) as Record<Phase, number>;
}

async function timeAgainstMoto() {
  if (!motoAvailable()) return undefined;
  const moto = await startMoto();
  try {
    return { inProcess: await timeInProcess(moto), wholeProcess: await timeWholeProcesses(moto, RUNS) };
  } finally {
    await moto.stop();
  }
}

async function main(): Promise<void> {
  const counts = await countCalls();
  const sequential = await countSequentialCalls();
  const sizes: Record<string, { bundleBytes: number; zipBytes: number }> = Object.fromEntries(
    await Promise.all(
      FUNCTION_KEYS.map(async (key) => {
        const code = await buildFunctionCode({ functions: projectPaths().functions, dist: mkdtempSync(path.join(tmpdir(), 'rekog-dist-')) }, key);
        return [key, { bundleBytes: code.bundleBytes, zipBytes: code.zip.length }];
      }),
    ),
  );
  const timings = await timeAgainstMoto();
  const milliseconds = timings?.inProcess;
  if (json) {
    console.log(JSON.stringify({ calls: counts, sequentialCalls: sequential, functions: sizes, motoMedianMs: milliseconds ?? null, wholeProcessMedianMs: timings?.wholeProcess ?? null, runs: RUNS }, null, 2));
    return;
  }
  console.log(`AWS calls per phase (in-memory AWS; in sequence: calls one after another, each held ${LATENCY_MS} ms)`);
  console.log(`  ${'phase'.padEnd(22)} ${'reads'.padStart(6)} ${'writes'.padStart(7)} ${'in sequence'.padStart(12)}${milliseconds ? `  ${'moto, median of ' + RUNS}` : ''}`);
  for (const phase of PHASES) {
    const time = milliseconds ? `  ${String(milliseconds[phase]).padStart(6)} ms` : '';
    console.log(`  ${phase.padEnd(22)} ${String(counts[phase].reads).padStart(6)} ${String(counts[phase].writes).padStart(7)} ${String(sequential[phase]).padStart(12)}${time}`);
  }
  if (!milliseconds) console.log('  (install moto to also time each phase against an emulator)');
  if (timings) {
    console.log(`\nWhole processes against moto (spawn to exit, median of ${RUNS}; the compiled CLI of \`npm run build\`)`);
    console.log(`  ${'command'.padEnd(12)}${LAUNCHERS.map((launcher) => launcher.padStart(16)).join('')}`);
    for (const command of COMMANDS) {
      console.log(`  ${command.padEnd(12)}${LAUNCHERS.map((launcher) => `${timings.wholeProcess[launcher][command]} ms`.padStart(16)).join('')}`);
    }
  }
  console.log('\nFunction packages');
  for (const [key, size] of Object.entries(sizes)) {
    console.log(`  ${key.padEnd(22)} bundle ${(size.bundleBytes / 1024).toFixed(1).padStart(5)} KiB   zip ${(size.zipBytes / 1024).toFixed(1).padStart(5)} KiB`);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
