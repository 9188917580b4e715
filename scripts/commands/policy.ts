import { partitionOf } from '../lib/builders/arns';
import { deployerPolicy } from '../lib/builders/deployer-policy';
import { buildNames } from '../lib/builders/names';
import { DeployError } from '../lib/engine/errors';
import type { GlobalOptions } from './global-options';
import { settingsFor, withContext, writeJson } from './run-context';

/** `rekog-deploy policy`: what an identity needs to run up, status, logs and down for this stack. */
export async function policy(globals: GlobalOptions, options: { account?: string }): Promise<void> {
  if (options.account !== undefined && !/^\d{12}$/.test(options.account)) {
    throw new DeployError('BAD_FLAG', `Invalid --account "${options.account}": use a 12-digit AWS account id.`);
  }
  const print = (stack: string, region: string, accountId: string) => {
    const document = deployerPolicy(buildNames(stack, accountId, region), { partition: partitionOf(region), region, accountId });
    if (!globals.json) {
      const actions = new Set(document.Statement.flatMap((statement) => statement.Action)).size;
      process.stderr.write(`IAM policy to deploy stack "${stack}" to ${region} in account ${accountId}: ${actions} actions in ${document.Statement.length} statements.\n`);
    }
    writeJson(document);
  };
  if (options.account) {
    const settings = await settingsFor(globals);
    print(settings.stack, settings.region, options.account);
    return;
  }
  await withContext(globals, async (ctx) => print(ctx.settings.stack, ctx.settings.region, ctx.scope.accountId));
}
