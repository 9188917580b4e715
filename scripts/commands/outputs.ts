import { stackOutputs, type StackOutputs } from '../lib/builders/stack-outputs';
import { deployedApiUrl } from '../lib/resources/rest-api';
import { formatOutputs } from './format-outputs';
import type { GlobalOptions } from './global-options';
import { loadLocalCloud, withContext, writeJson, writeLines } from './run-context';

export async function outputs(globals: GlobalOptions, options: { local?: boolean }): Promise<void> {
  const show = (found: StackOutputs) => (globals.json ? writeJson(found) : writeLines(formatOutputs(found)));
  if (options.local) {
    show(loadLocalCloud().readLocalOutputs());
    return;
  }
  await withContext(globals, async (ctx) => show(stackOutputs(ctx, await deployedApiUrl(ctx))));
}
