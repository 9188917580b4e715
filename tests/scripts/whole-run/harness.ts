import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Settings } from '../../../config/schema';
import { PLAN } from '../../../scripts/plan';
import type { CallHook } from '../../../scripts/lib/engine/clients';
import { projectPaths, type Paths } from '../../../scripts/lib/engine/context';
import type { Reporter } from '../../../scripts/lib/engine/reporter';
import { runDown, runStatus, runUp, type StatusResult, type StepReport } from '../../../scripts/lib/engine/runner';
import { AWS_REALITIES, callCounter, createFakeAws, faultInjector, type FakeAws, type FakeAwsOptions } from '../../support/fake-aws';
import { testContext } from '../../support/context';

export interface Run {
  reports: StepReport[];
  reads: string[];
  writes: string[];
}

const describeCall = (call: { service: string; operation: string }) => `${call.service}:${call.operation}`;

/** One engine command against the fake, counting its calls; `extraHooks` sit between the counter and the fake. */
export async function run(
  fake: FakeAws,
  command: 'up' | 'down' | 'status',
  options: { extraHooks?: CallHook[]; settings?: Partial<Settings>; paths?: Paths; keepData?: boolean; log?: Reporter } = {},
): Promise<Run & { notOurs: string[]; status?: StatusResult }> {
  const counter = callCounter();
  const ctx = testContext({ hooks: [counter.hook, ...(options.extraHooks ?? []), fake.hook], settings: options.settings, accountId: fake.accountId, clock: fake.clock, log: options.log });
  if (options.paths) ctx.paths = options.paths;
  let reports: StepReport[] = [];
  if (command === 'up') ({ reports } = await runUp(ctx, PLAN));
  if (command === 'down') reports = await runDown(ctx, PLAN, { keepData: Boolean(options.keepData) });
  const status = command === 'status' ? await runStatus(ctx, PLAN) : undefined;
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
