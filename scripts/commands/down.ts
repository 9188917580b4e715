import { runDown } from '../lib/engine/runner';
import { PLAN } from '../plan';
import { confirmDestroy } from './confirm';
import { downSummary } from './down-report';
import type { GlobalOptions } from './global-options';
import { loadLocalCloud, withContext, writeJson } from './run-context';

export async function down(globals: GlobalOptions, options: { yes?: boolean; keepData?: boolean; local?: boolean }): Promise<void> {
  if (options.local) {
    const deleted = await loadLocalCloud().runDownLocal({ yes: Boolean(options.yes) });
    if (globals.json) writeJson({ local: true, deleted });
    else process.stdout.write(deleted ? 'Deleted the local data in .rekog/local.\n' : 'No local data to delete.\n');
    return;
  }
  await withContext(
    globals,
    async (ctx) => {
      ctx.log.info(`Removing stack "${ctx.settings.stack}" from ${ctx.settings.region}`);
      const reports = await runDown(ctx, PLAN, { keepData: Boolean(options.keepData) });
      if (globals.json) writeJson({ stack: ctx.settings.stack, region: ctx.settings.region, steps: reports });
      else ctx.log.info(downSummary(ctx.settings.stack, ctx.settings.region, reports));
    },
    { before: (settings) => confirmDestroy(settings.stack, settings.region, Boolean(options.yes)) },
  );
}
