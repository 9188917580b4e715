import { deployedApiUrl } from '../07-create-api';
import { formatOutputs, stackOutputs, type StackOutputs } from '../lib/stack-outputs';
import { loadLocalCloud, withContext, writeJson, writeLines, type GlobalOptions } from './run-context';

export async function outputs(globals: GlobalOptions, options: { local?: boolean }): Promise<void> {
  const show = (found: StackOutputs) => (globals.json ? writeJson(found) : writeLines(formatOutputs(found)));
  if (options.local) {
    show(loadLocalCloud().readLocalOutputs());
    return;
  }
  await withContext(globals, async (ctx) => show(stackOutputs(ctx, await deployedApiUrl(ctx))));
}
