import { runSingleStep } from '../lib/engine/runner';
import type { AnyStep } from '../lib/engine/step';
import { programWithGlobalOptions, type GlobalOptions } from './global-options';
import { runProgram } from './run-program';
import { withContext, writeJson } from './run-context';

export function stepDescription(step: AnyStep): string {
  const needs = step.dependsOn.map((dependency) => dependency.name);
  return `step: ${step.description}${needs.length ? ` (needs ${needs.join(', ')})` : ''}`;
}

/** `email` is create-sns's `--email`, as `up --email` gives it. */
export async function singleStep(globals: GlobalOptions, step: AnyStep, options: { email?: string } = {}): Promise<void> {
  await withContext(
    globals,
    async (ctx) => {
      const { report, outputs } = await runSingleStep(ctx, step);
      if (globals.json) writeJson({ ...report, milliseconds: Math.round(report.milliseconds), outputs });
    },
    { extra: { notificationEmail: options.email } },
  );
}

/** `npx tsx scripts/01-create-role.ts [--stack x]` runs that step as `rekog-deploy create-role` would. */
export function runStepDirectly(step: AnyStep, argv: string[] = process.argv): Promise<number> {
  const program = programWithGlobalOptions(step.name, stepDescription(step));
  program.action(() => singleStep(program.opts<GlobalOptions>(), step));
  return runProgram(program, argv);
}
