import type { DistributionOutputs } from '../02-create-distribution';
import type { ApiOutputs } from '../09-create-api';
import type { TopicOutputs } from '../05-create-sns';
import { offersRekognition } from '../lib/builders/regions';
import { stackOutputs } from '../lib/builders/stack-outputs';
import { emulatorEndpoint } from '../lib/engine/clients';
import { DeployError } from '../lib/engine/errors';
import { formatDuration } from '../lib/engine/reporter';
import { runUp } from '../lib/engine/runner';
import { PLAN } from '../plan';
import { formatOutputs } from './format-outputs';
import type { GlobalOptions } from './global-options';
import { withContext, writeJson } from './run-context';

/** Checked before anything is created, so an unsupported region leaves nothing behind. */
export function assertRekognitionRegion(region: string, emulator?: string): void {
  if (emulator || offersRekognition(region)) return;
  throw new DeployError(
    'REGION_UNSUPPORTED',
    `Amazon Rekognition is not offered in ${region}. Choose a region that has it with --region, for example us-east-1 or eu-west-1.`,
  );
}

export async function up(globals: GlobalOptions, options: { email?: string }): Promise<void> {
  await withContext(
    globals,
    async (ctx) => {
      ctx.log.info(`Deploying stack "${ctx.settings.stack}" to ${ctx.settings.region}${ctx.emulator ? ` (endpoint ${ctx.emulator})` : ''}`);
      const started = Date.now();
      const { reports, outputs } = await runUp(ctx, PLAN);
      const distribution = outputs.get('create-distribution') as DistributionOutputs | undefined;
      const deployed = stackOutputs(ctx, { siteUrl: distribution?.siteUrl, apiUrl: (outputs.get('create-api') as ApiOutputs | undefined)?.apiUrl });
      if (globals.json) {
        const steps = reports.map(({ step, action, milliseconds, changes }) => ({ step, action, milliseconds: Math.round(milliseconds), changes }));
        writeJson({ ...deployed, steps });
        return;
      }
      ctx.log.info(`Done in ${formatDuration(Date.now() - started)}.`);
      for (const line of formatOutputs(deployed)) ctx.log.info(line);
      const subscription = (outputs.get('create-sns') as TopicOutputs | undefined)?.subscription;
      if (subscription) ctx.log.info(`  e-mail         ${subscription}`);
      // CloudFront takes minutes to reach every edge location; up does not wait for it.
      if (distribution?.status === 'InProgress') ctx.log.info(`The site answers at ${distribution.siteUrl} within a few minutes, once CloudFront has deployed it (\`rekog-deploy status\` says when).`);
    },
    {
      extra: { notificationEmail: options.email },
      // Before any AWS call, so an unsupported region leaves nothing behind.
      before: async (settings) => assertRekognitionRegion(settings.region, emulatorEndpoint()),
    },
  );
}
