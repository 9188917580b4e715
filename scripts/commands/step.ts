import type { Step } from '../lib/step';
import { runSingleStep } from '../lib/runner';
import { PLAN } from '../plan';
import { withContext, writeJson, type GlobalOptions } from './run-context';

export async function singleStep(globals: GlobalOptions, step: Step): Promise<void> {
  await withContext(globals, async (ctx) => {
    const report = await runSingleStep(ctx, step, PLAN);
    if (globals.json) writeJson({ ...report, milliseconds: Math.round(report.milliseconds), outputs: ctx.outputs[step.name] });
  });
}
