import { functionActivity } from '../lib/function-metrics';
import { runStatus } from '../lib/runner';
import { formatStatus } from '../lib/status-report';
import { PLAN } from '../plan';
import { withContext, writeJson, type GlobalOptions } from './run-context';

export async function status(globals: GlobalOptions): Promise<void> {
  await withContext(globals, async (ctx) => {
    const reports = await runStatus(ctx, PLAN);
    const activity = ctx.outputs['create-function'] ? await functionActivity(ctx) : [];
    if (globals.json) writeJson({ stack: ctx.settings.stack, region: ctx.settings.region, steps: reports, lastHour: activity });
    else for (const line of formatStatus(ctx.settings.stack, ctx.settings.region, reports, activity)) ctx.log.info(line);
  });
}
