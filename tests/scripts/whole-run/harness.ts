import { AsyncLocalStorage } from 'node:async_hooks';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Settings } from '../../../config/schema';
import { PLAN } from '../../../scripts/plan';
import { createClients, type CallHook, type Clients } from '../../../scripts/lib/engine/clients';
import { projectPaths, type Paths } from '../../../scripts/lib/engine/context';
import type { Reporter } from '../../../scripts/lib/engine/reporter';
import { runDown, runStatus, runUp, type StatusResult, type StepReport } from '../../../scripts/lib/engine/runner';
import { AWS_REALITIES, callCounter, createFakeAws, faultInjector, type FakeAws, type FakeAwsOptions } from '../../support/fake-aws';
import { testContext, testSettings } from '../../support/context';

export interface Run {
  reports: StepReport[];
  reads: string[];
  writes: string[];
}

const hooksOfThisRun = new AsyncLocalStorage<CallHook[]>();
const clientsByRegion = new Map<string, Clients>();

/**
 * One set of clients, built by createClients as the CLI builds it, for every run of a test file;
 * each run's hooks (its counter, its fault, its fake) are found through hooksOfThisRun. A client
 * resolves each command's middleware stack once and keeps it (cacheMiddleware): with new clients
 * for every run, the interrupted-run tests (thousands of runs) spent more than half of their time
 * building clients and resolving stacks again.
 */
function clientsFor(region: string): Clients {
  let clients = clientsByRegion.get(region);
  if (!clients) {
    const hook: CallHook = (call) => {
      const hooks = hooksOfThisRun.getStore();
      // Never on to AWS: a call that outlived its run is a bug in the engine (or in this harness).
      if (!hooks) return Promise.reject(new Error(`${call.service}:${call.operation} was called outside of any run`));
      return hooks.reduceRight<() => Promise<unknown>>((inner, each) => () => each(call, inner), () => Promise.reject(new Error('no fake answered')))();
    };
    clients = createClients({ region, hooks: [hook], env: {} });
    clientsByRegion.set(region, clients);
  }
  return clients;
}

const describeCall = (call: { service: string; operation: string }) => `${call.service}:${call.operation}`;

/** One engine command against the fake, counting its calls; `extraHooks` sit between the counter and the fake. */
export async function run(
  fake: FakeAws,
  command: 'up' | 'down' | 'status',
  options: { extraHooks?: CallHook[]; settings?: Partial<Settings>; paths?: Paths; keepData?: boolean; log?: Reporter } = {},
): Promise<Run & { notOurs: string[]; status?: StatusResult }> {
  const counter = callCounter();
  const clients = clientsFor(testSettings(options.settings).region);
  const ctx = testContext({ clients, settings: options.settings, accountId: fake.accountId, clock: fake.clock, log: options.log });
  if (options.paths) ctx.paths = options.paths;
  let reports: StepReport[] = [];
  let status: StatusResult | undefined;
  await hooksOfThisRun.run([counter.hook, ...(options.extraHooks ?? []), fake.hook], async () => {
    if (command === 'up') ({ reports } = await runUp(ctx, PLAN));
    if (command === 'down') reports = await runDown(ctx, PLAN, { keepData: Boolean(options.keepData) });
    if (command === 'status') status = await runStatus(ctx, PLAN);
  });
  return {
    status,
    reports,
    reads: counter.reads().map(describeCall),
    writes: counter.writes().map(describeCall),
    notOurs: reports.flatMap((report) => report.notOurs ?? []),
  };
}

/** An `up` or `down` whose k-th AWS call fails; true when the run stopped because of it. */
export async function failingAt(fake: FakeAws, command: 'up' | 'down', failAt: number, when: 'before' | 'after'): Promise<boolean> {
  const fault = faultInjector({ failAt, when });
  try {
    await run(fake, command, { extraHooks: [fault.hook] });
  } catch {
    return fault.failed !== undefined;
  }
  return false;
}

/** An in-memory AWS that lags as AWS does (every window of AWS_REALITIES), unless told otherwise. */
export function newFake(options: FakeAwsOptions = {}): FakeAws {
  return createFakeAws({ accountId: '123456789012', region: 'us-east-1', realities: AWS_REALITIES, ...options });
}

/** A copy of the project's functions/ and site/, so a test can edit a handler. */
export function copyOfProject(): Paths {
  const root = mkdtempSync(path.join(tmpdir(), 'rekog-project-'));
  const original = projectPaths();
  cpSync(original.functions, path.join(root, 'functions'), { recursive: true });
  cpSync(original.site, path.join(root, 'site'), { recursive: true, filter: (source) => !source.endsWith('config.js') });
  for (const shared of ['node_modules', 'config']) symlinkSync(path.join(original.root, shared), path.join(root, shared));
  return projectPaths(root);
}
