import { emulatorEndpoint } from '../lib/clients';
import { formatDuration } from '../lib/output';
import { assertRekognitionRegion } from '../lib/regions';
import { runUp } from '../lib/runner';
import { formatOutputs, stackOutputs } from '../lib/stack-outputs';
import { PLAN } from '../plan';
import { withContext, writeJson, type GlobalOptions } from './run-context';

export async function up(globals: GlobalOptions, options: { email?: string }): Promise<void> {
  await withContext(
    globals,
    async (ctx) => {
      ctx.log.info(`Deploying stack "${ctx.settings.stack}" to ${ctx.settings.region}${ctx.emulator ? ` (endpoint ${ctx.emulator})` : ''}`);
      const started = Date.now();
      const reports = await runUp(ctx, PLAN);
      const outputs = stackOutputs(ctx, ctx.outputs['create-api']?.apiUrl);
      if (globals.json) {
        const steps = reports.map(({ step, action, milliseconds, changes }) => ({ step, action, milliseconds: Math.round(milliseconds), changes }));
        writeJson({ ...outputs, steps });
        return;
      }
      ctx.log.info(`Done in ${formatDuration(Date.now() - started)}.`);
      for (const line of formatOutputs(outputs)) ctx.log.info(line);
      const subscription = ctx.outputs['create-sns']?.subscription;
      if (subscription) ctx.log.info(`  e-mail         ${subscription}`);
    },
    {
      extra: { notificationEmail: options.email },
      // Before any AWS call, so an unsupported region leaves nothing behind.
      before: async (settings) => assertRekognitionRegion(settings.region, emulatorEndpoint()),
    },
  );
}
