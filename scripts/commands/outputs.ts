import { stackOutputs, type StackOutputs } from '../lib/builders/stack-outputs';
import { findDistribution } from '../lib/resources/distribution';
import { deployedApiUrl } from '../lib/resources/rest-api';
import { siteAddress } from '../lib/builders/site-address';
import { DeployError } from '../lib/engine/errors';
import { formatOutputs } from './format-outputs';
import type { GlobalOptions } from './global-options';
import { loadLocalCloud, withContext, writeJson, writeLines } from './run-context';

export async function outputs(globals: GlobalOptions, options: { local?: boolean }): Promise<void> {
  const show = (found: StackOutputs) => (globals.json ? writeJson(found) : writeLines(formatOutputs(found)));
  if (options.local) {
    show(loadLocalCloud().readLocalOutputs());
    return;
  }
  await withContext(globals, async (ctx) => {
    const [{ distribution }, apiUrl] = await Promise.all([findDistribution(ctx), deployedApiUrl(ctx)]);
    if (!distribution && !apiUrl) throw notDeployed(ctx.settings.stack, ctx.settings.region);
    show(stackOutputs(ctx, { siteUrl: distribution && siteAddress(distribution.domainName).url, apiUrl }));
  });
}

export function notDeployed(stack: string, region: string): DeployError {
  return new DeployError('NOT_DEPLOYED', `Stack "${stack}" is not deployed in ${region}: none of its resources exist. Deploy it with \`rekog-deploy up\` (or try the app locally with \`rekog-deploy dev\`).`);
}
