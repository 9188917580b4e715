import { performance } from 'node:perf_hooks';
import type { Context } from './context';
import { DeployError, toDeployError } from './errors';
import type { Action, DestroyOptions, DestroyResult, Inspection, ResourceState, Step, StepName } from './step';

export interface StepReport {
  step: StepName;
  action: Action | DestroyResult['action'];
  milliseconds: number;
  changes?: string[];
  notOurs?: string[];
}

export interface StepFailure {
  step: StepName;
  error: DeployError;
}

export class RunFailed extends DeployError {
  constructor(
    readonly reports: StepReport[],
    readonly failures: StepFailure[],
  ) {
    const first = failures[0];
    super(first.error.code, failures.length === 1 ? `${first.step}: ${first.error.message}` : `${failures.length} steps failed; first ${first.step}: ${first.error.message}`, {
      cause: first.error.cause,
    });
  }
}

/**
 * Runs `task` for every step once all the steps it waits for are done, as many at a time as the
 * graph allows. After a failure no new step starts; the ones under way finish. `waitsFor` gives the
 * edges: dependencies for `up`, dependants for `down`.
 */
async function walkGraph(
  steps: readonly Step[],
  waitsFor: (step: Step) => StepName[],
  task: (step: Step) => Promise<void>,
  keepGoing: boolean,
): Promise<StepFailure[]> {
  const done = new Set<StepName>();
  const blocked = new Set<StepName>();
  const failures: StepFailure[] = [];
  const pending = new Map(steps.map((step) => [step.name, step]));
  const running = new Map<StepName, Promise<void>>();

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
              failures.push({ step: name, error: toDeployError(error) });
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
  return failures;
}

async function timed<T>(action: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await action();
  return [result, performance.now() - started];
}

/** `up`: every step's ensure, independent steps at the same time. */
export async function runUp(ctx: Context, steps: readonly Step[]): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  const failures = await walkGraph(
    steps,
    (step) => step.dependsOn.filter((name) => steps.some((s) => s.name === name)),
    async (step) => {
      const [result, milliseconds] = await timed(() => step.ensure(ctx));
      (ctx.outputs as Record<string, unknown>)[step.name] = result.outputs;
      const report: StepReport = { step: step.name, action: result.action, milliseconds, changes: result.changes };
      reports.push(report);
      // A new resource's settings are all "changes"; only an update's are worth a line.
      const detail = result.action === 'updated' && result.changes?.length ? result.changes.join(', ') : undefined;
      ctx.log.stepFinished(step.name, result.action, milliseconds, detail);
    },
    false,
  );
  if (failures.length) throw new RunFailed(reports, failures);
  return reports;
}

/** `down`: every step's destroy, dependants before what they depend on; tries everything, then reports. */
export async function runDown(ctx: Context, steps: readonly Step[], options: DestroyOptions): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  const failures = await walkGraph(
    steps,
    (step) => steps.filter((other) => other.dependsOn.includes(step.name)).map((other) => other.name),
    async (step) => {
      const [result, milliseconds] = await timed(() => step.destroy(ctx, options));
      reports.push({ step: step.name, action: result.action, milliseconds, notOurs: result.notOurs });
      ctx.log.stepFinished(step.name, result.action, milliseconds, result.deleted?.length ? result.deleted.join(', ') : undefined);
      for (const note of result.notOurs ?? []) ctx.log.warn(note);
    },
    true,
  );
  if (failures.length) throw new RunFailed(reports, failures);
  return reports;
}

export interface StatusReport {
  step: StepName;
  resources: ResourceState[];
}

/** `status`: every step's inspect; reads only. Later steps see earlier steps' outputs, as in `up`. */
export async function runStatus(ctx: Context, steps: readonly Step[]): Promise<StatusReport[]> {
  const reports: StatusReport[] = [];
  const failures = await walkGraph(
    steps,
    (step) => step.dependsOn.filter((name) => steps.some((s) => s.name === name)),
    async (step) => {
      const inspection: Inspection<unknown> = await step.inspect(ctx);
      if (inspection.outputs) (ctx.outputs as Record<string, unknown>)[step.name] = inspection.outputs;
      reports.push({ step: step.name, resources: inspection.resources });
    },
    true,
  );
  if (failures.length) throw new RunFailed([], failures);
  return steps.map((step) => reports.find((report) => report.step === step.name)).filter((r): r is StatusReport => Boolean(r));
}

/**
 * One step alone (`rekog-deploy create-api`): what it needs from earlier steps is read from AWS,
 * and a missing piece names the step to run first.
 */
export async function runSingleStep(ctx: Context, step: Step, plan: readonly Step[]): Promise<StepReport> {
  for (const name of step.dependsOn) {
    const dependency = plan.find((candidate) => candidate.name === name) as Step;
    const inspection = await dependency.inspect(ctx);
    if (!inspection.outputs) {
      throw new DeployError(
        'MISSING_DEPENDENCY',
        `${step.name} needs ${name}, which has not run for stack "${ctx.settings.stack}": run \`rekog-deploy ${name}\` first (or \`rekog-deploy up\`).`,
      );
    }
    (ctx.outputs as Record<string, unknown>)[name] = inspection.outputs;
  }
  const [report] = await runUp(ctx, [step]);
  return report;
}
