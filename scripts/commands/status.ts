import { runStatus } from '../lib/engine/runner';
import { functionActivity } from '../lib/resources/function-metrics';
import { PLAN } from '../plan';
import type { GlobalOptions } from './global-options';
import { formatStatus } from './status-report';
import { withContext, writeJson } from './run-context';

export async function status(globals: GlobalOptions): Promise<void> {
  await withContext(globals, async (ctx) => {
    const { reports, outputs } = await runStatus(ctx, PLAN);
    const activity = outputs.has('create-function') ? await functionActivity(ctx) : [];
    if (globals.json) writeJson({ stack: ctx.settings.stack, region: ctx.settings.region, steps: reports, lastHour: activity });
    else for (const line of formatStatus(ctx.settings.stack, ctx.settings.region, reports, activity)) ctx.log.info(line);
  });
}
