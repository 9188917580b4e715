import path from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Settings } from '../../config/schema';
import { partitionOf, type ArnScope } from './arns';
import { createClients, emulatorEndpoint, type CallHook, type Clients } from './clients';
import { DeployError } from './errors';
import { buildNames, type Names } from './names';
import type { Reporter } from './output';
import { defaultRetryPolicy, type RetryPolicy } from './retry';
import { siteAddress, type SiteAddress } from './site-address';
import type { StepName, StepOutputs } from './step';

export interface Paths {
  root: string;
  functions: string;
  site: string;
  dist: string;
}

/** Everything a step needs, built once per run. Steps never build clients of their own. */
export interface Context {
  settings: Settings;
  clients: Clients;
  names: Names;
  scope: ArnScope;
  site: SiteAddress;
  /** Set when AWS_ENDPOINT_URL points the clients at an emulator such as LocalStack. */
  emulator?: string;
  log: Reporter;
  retryPolicy: RetryPolicy;
  /** Upper bound for the SDK waiters, in seconds. */
  waitSeconds: number;
  paths: Paths;
  /** Outputs of the steps that ran (or were inspected) so far in this run. */
  outputs: Partial<StepOutputs>;
}

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export function projectPaths(root = PROJECT_ROOT): Paths {
  return { root, functions: path.join(root, 'functions'), site: path.join(root, 'site'), dist: path.join(root, 'dist') };
}

export interface ContextOptions {
  settings: Settings;
  log: Reporter;
  hooks?: CallHook[];
  env?: NodeJS.ProcessEnv;
  retryPolicy?: RetryPolicy;
  paths?: Paths;
  clients?: Clients;
}

/** Asks STS who we are (the first call of every run, and the credentials check). */
export async function createContext(options: ContextOptions): Promise<Context> {
  const env = options.env ?? process.env;
  const { settings } = options;
  const clients =
    options.clients ?? createClients({ region: settings.region, profile: settings.profile, hooks: options.hooks, env });
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  const accountId = identity.Account ?? '';
  const names = buildNames(settings.stack, accountId, settings.region);
  const emulator = emulatorEndpoint(env);
  return {
    settings,
    clients,
    names,
    scope: { partition: partitionOf(settings.region), region: settings.region, accountId },
    site: siteAddress(names.siteBucket, settings.region, emulator),
    emulator,
    log: options.log,
    retryPolicy: options.retryPolicy ?? defaultRetryPolicy,
    waitSeconds: 300,
    paths: options.paths ?? projectPaths(),
    outputs: {},
  };
}

/** The outputs of an earlier step; a clear error naming that step when it has not run. */
export function need<K extends StepName>(ctx: Context, step: K): StepOutputs[K] {
  const outputs = ctx.outputs[step];
  if (!outputs) {
    throw new DeployError(
      'MISSING_DEPENDENCY',
      `Stack "${ctx.settings.stack}" has no ${step} yet: run \`rekog-deploy ${step}\` first, or \`rekog-deploy up\` for everything.`,
    );
  }
  return outputs as StepOutputs[K];
}
