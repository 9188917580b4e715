import { runStatus } from '../lib/engine/runner';
import { functionActivity } from '../lib/resources/function-metrics';
import { PLAN } from '../plan';
import { notDeployed } from './outputs';
import { NOT_AS_UP_LEAVES_IT_EXIT } from './exit-status';
import type { GlobalOptions } from './global-options';
import { QuietExit, withContext, writeJson } from './run-context';
import { formatStatus } from './status-report';

/** Exit status of `status`: 0 all present; 1 something could not be read; 3 missing or drifted. */
export const STATUS_NOT_AS_UP_LEAVES_IT = NOT_AS_UP_LEAVES_IT_EXIT;

export async function status(globals: GlobalOptions): Promise<void> {
  await withContext(globals, async (ctx) => {
    const { reports, outputs, failures } = await runStatus(ctx, PLAN);
    const activity = outputs.has('create-function') ? await functionActivity(ctx) : [];
    const unreadable = failures.map(({ step, error }) => ({ step, code: error.code, message: error.message }));
    const resources = reports.flatMap((report) => report.resources);
    const deployed = unreadable.length > 0 || resources.some((resource) => resource.state !== 'missing');
    if (globals.json) writeJson({ stack: ctx.settings.stack, region: ctx.settings.region, deployed, steps: reports, lastHour: activity, failures: unreadable });
    else for (const line of formatStatus(ctx.settings.stack, ctx.settings.region, reports, activity)) ctx.log.info(line);
    if (!deployed && !globals.json) process.stderr.write(`${notDeployed(ctx.settings.stack, ctx.settings.region).message}\n`);
    for (const { step, message } of unreadable) process.stderr.write(`error: ${step}: could not read: ${message}\n`);
    if (unreadable.length) throw new QuietExit(1);
    if (reports.some((report) => report.resources.some((resource) => resource.state !== 'present'))) throw new QuietExit(STATUS_NOT_AS_UP_LEAVES_IT);
  });
}
