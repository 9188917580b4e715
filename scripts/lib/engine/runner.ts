import { performance } from 'node:perf_hooks';
import type { Context } from './context';
import { DeployError, toDeployError } from './errors';
import { notOursNote } from './ownership';
import type { Action, AnyStep, DestroyOptions, DestroyResult, NamedResource, ResourceState } from './step';

export interface StepReport {
  step: string;
  action: Action | DestroyResult['action'];
  milliseconds: number;
  changes?: string[];
  /** `down`: what the step deleted (in that order), kept (--keep-data) and left alone. */
  deleted?: NamedResource[];
  kept?: NamedResource[];
  leftAlone?: NamedResource[];
  /** `down`: a sentence for each resource left alone, as --json gave before `leftAlone`. */
  notOurs?: string[];
}

export interface StepFailure {
  step: string;
  error: DeployError;
}

/** A run in which steps failed: every failure, with its reason, and the steps that never started. */
export class RunFailed extends DeployError {
  constructor(
    readonly reports: StepReport[],
    readonly failures: StepFailure[],
    /** Steps not started because a step they need failed. */
    readonly skipped: string[] = [],
  ) {
    const first = failures[0];
    super(first.error.code, failures.map((failure) => `${failure.step}: ${failure.error.message}`).join('\n'), { cause: first.error.cause });
  }
}

/** What the steps of one run handed on, by step name. */
type Outputs = Map<string, unknown>;

/** The outputs of a step's dependencies, keyed by step name; only those present. */
function inputsOf(step: AnyStep, outputs: Outputs): Record<string, unknown> {
  return Object.fromEntries(step.dependsOn.filter((dependency) => outputs.has(dependency.name)).map((dependency) => [dependency.name, outputs.get(dependency.name)]));
}

function missingDependency(ctx: Context, step: AnyStep, dependency: string): DeployError {
  return new DeployError(
    'MISSING_DEPENDENCY',
    `${step.name} needs ${dependency}, which has not run for stack "${ctx.settings.stack}": run \`rekog-deploy ${dependency}\` first (or \`rekog-deploy up\`).`,
  );
}

/** All of a step's inputs, or a clear error naming the step to run first. */
function requireInputs(ctx: Context, step: AnyStep, outputs: Outputs): Record<string, unknown> {
  const missing = step.dependsOn.find((dependency) => !outputs.has(dependency.name));
  if (missing) throw missingDependency(ctx, step, missing.name);
  return inputsOf(step, outputs);
}

/**
 * Runs `task` for every step once all the steps it waits for are done, as many at a time as the
 * graph allows. After a failure no new step starts; the ones under way finish. `waitsFor` gives the
 * edges: dependencies for `up`, dependants for `down`.
 */
async function walkGraph(
  steps: readonly AnyStep[],
  waitsFor: (step: AnyStep) => string[],
  task: (step: AnyStep) => Promise<void>,
  keepGoing: boolean,
  ctx: Pick<Context, 'emulator'>,
): Promise<{ failures: StepFailure[]; skipped: string[] }> {
  const done = new Set<string>();
  const blocked = new Set<string>();
  const failures: StepFailure[] = [];
  const pending = new Map(steps.map((step) => [step.name, step]));
  const running = new Map<string, Promise<void>>();

  while (pending.size || running.size) {
    if (!failures.length || keepGoing) {
      for (const [name, step] of pending) {
        const waits = waitsFor(step);
        if (waits.some((other) => blocked.has(other))) {
          pending.delete(name);
          blocked.add(name);
          continue;
        }
        if (!waits.every((other) => done.has(other))) continue;
        pending.delete(name);
        running.set(
          name,
          task(step).then(
            () => void done.add(name),
            (error: unknown) => {
              failures.push({ step: name, error: toDeployError(error, ctx.emulator) });
              if (!keepGoing) blocked.add(name);
              else done.add(name);
            },
          ).finally(() => running.delete(name)),
        );
      }
    } else {
      pending.clear();
    }
    if (running.size) await Promise.race(running.values());
    else if (pending.size) break;
  }
  const failed = new Set(failures.map((failure) => failure.step));
  return { failures, skipped: steps.map((step) => step.name).filter((name) => !done.has(name) && !failed.has(name)) };
}

/** A step's dependencies among the steps of this run. */
function dependenciesWithin(steps: readonly AnyStep[]): (step: AnyStep) => string[] {
  return (step) => step.dependsOn.map((dependency) => dependency.name).filter((name) => steps.some((s) => s.name === name));
}

/** The steps of this run that depend on a step: `down` removes them first. */
function dependantsWithin(steps: readonly AnyStep[]): (step: AnyStep) => string[] {
  return (step) => steps.filter((other) => other.dependsOn.some((dependency) => dependency.name === step.name)).map((other) => other.name);
}

async function timed<T>(action: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await action();
  return [result, performance.now() - started];
}

export interface UpResult {
  reports: StepReport[];
  /** What each step handed on, by step name. */
  outputs: Outputs;
}

/**
 * `up`: every step's ensure, independent steps at the same time, each step's early work (prepare) from the start. `known` holds outputs read
 * beforehand (a single step run alone inspects its dependencies first).
 */
export async function runUp(ctx: Context, steps: readonly AnyStep[], known: Outputs = new Map()): Promise<UpResult> {
  const reports: StepReport[] = [];
  const outputs = new Map(known);
  for (const step of steps) step.prepare?.(ctx);
  const { failures, skipped } = await walkGraph(
    steps,
    dependenciesWithin(steps),
    async (step) => {
      const inputs = requireInputs(ctx, step, outputs);
      const [result, milliseconds] = await timed(() => step.ensure(ctx, inputs));
      outputs.set(step.name, result.outputs);
      reports.push({ step: step.name, action: result.action, milliseconds, changes: result.changes });
      // A new resource's settings are all "changes"; only an update's are worth a line.
      const detail = result.action === 'updated' && result.changes.length ? result.changes.join(', ') : undefined;
      ctx.log.stepFinished(step.name, result.action, milliseconds, detail);
    },
    false,
    ctx,
  );
  if (failures.length) throw new RunFailed(reports, failures, skipped);
  return { reports, outputs };
}

/**
 * `down`: every step's destroy, dependants before what they depend on; tries everything, then reports.
 * Each resource is told to the reporter as it is deleted (see Teardown), so nothing is said per step.
 */
export async function runDown(ctx: Context, steps: readonly AnyStep[], options: DestroyOptions): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  const { failures } = await walkGraph(
    steps,
    dependantsWithin(steps),
    async (step) => {
      const [result, milliseconds] = await timed(() => step.destroy(ctx, options));
      const { action, deleted, kept, leftAlone } = result;
      const notOurs = leftAlone.map(({ kind, name }) => notOursNote(kind, name, ctx.settings.stack));
      reports.push({ step: step.name, action, milliseconds, deleted, kept, leftAlone, notOurs });
    },
    true,
    ctx,
  );
  if (failures.length) throw new RunFailed(reports, failures);
  return reports;
}

export interface StatusReport {
  step: string;
  resources: ResourceState[];
}

export interface StatusResult {
  reports: StatusReport[];
  /** What each complete step would hand on, by step name. */
  outputs: Outputs;
  /** Steps whose resources could not be read, with the reason; the others are still reported. */
  failures: StepFailure[];
}

/** `status`: every step's inspect; reads only. Later steps see earlier steps' outputs, as in `up`. */
export async function runStatus(ctx: Context, steps: readonly AnyStep[]): Promise<StatusResult> {
  const reports: StatusReport[] = [];
  const outputs: Outputs = new Map();
  const { failures } = await walkGraph(
    steps,
    dependenciesWithin(steps),
    async (step) => {
      const inspection = await step.inspect(ctx, inputsOf(step, outputs));
      if (inspection.outputs) outputs.set(step.name, inspection.outputs);
      reports.push({ step: step.name, resources: inspection.resources });
    },
    true,
    ctx,
  );
  const inPlanOrder = steps.map((step) => reports.find((report) => report.step === step.name)).filter((r): r is StatusReport => Boolean(r));
  return { reports: inPlanOrder, outputs, failures };
}

/**
 * One step alone (`rekog-deploy create-api`): what it needs from earlier steps is read from AWS,
 * and a missing piece names the step to run first.
 */
export async function runSingleStep(ctx: Context, step: AnyStep): Promise<{ report: StepReport; outputs: unknown }> {
  const known: Outputs = new Map();
  for (const dependency of step.dependsOn) {
    const inspection = await dependency.inspect(ctx, inputsOf(dependency, known));
    if (!inspection.outputs) throw missingDependency(ctx, step, dependency.name);
    known.set(dependency.name, inspection.outputs);
  }
  const { reports, outputs } = await runUp(ctx, [step], known);
  return { report: reports[0], outputs: outputs.get(step.name) };
}
