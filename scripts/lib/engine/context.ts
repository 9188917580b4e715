/**
 * scripts/lib/engine: what runs a deployment and knows no resource in particular. The Context a step
 * receives (settings, clients, names, reporter), the step contract and the runner that walks the
 * plan as a graph, the Setting pattern every `ensure` follows, errors a user can act on, retries and
 * waits. Nothing here names an AWS resource of this app; the steps and resources/ do.
 */
import path from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Settings } from '../../../config/schema';
import { partitionOf, type ArnScope } from '../builders/arns';
import { buildNames, type Names } from '../builders/names';
import { systemClock, type Clock } from './clock';
import { createClients, emulatorEndpoint, type CallHook, type Clients } from './clients';
import { PACKAGE_ROOT } from './package-root';
import type { Reporter } from './reporter';

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
  /** Set when AWS_ENDPOINT_URL points the clients at an emulator such as LocalStack. */
  emulator?: string;
  log: Reporter;
  /** What the engine's waits and retries measure time with. */
  clock: Clock;
  /** The SDK waiters' bounds, in seconds: up to `maxSeconds`, polling every `minDelay` to `maxDelay`. */
  waiting: WaitingBounds;
  paths: Paths;
}

export interface WaitingBounds {
  maxSeconds: number;
  minDelay: number;
  maxDelay: number;
}

// A CloudFront distribution takes minutes to deploy or disable; nothing else the engine waits for comes near.
const DEFAULT_WAITING: WaitingBounds = { maxSeconds: 20 * 60, minDelay: 1, maxDelay: 10 };

/** The handlers' sources (in a clone), the site and dist/ (the bundles) are found beside the package's own files. */
export function projectPaths(root = PACKAGE_ROOT): Paths {
  return { root, functions: path.join(root, 'functions'), site: path.join(root, 'site'), dist: path.join(root, 'dist') };
}

export interface ContextOptions {
  settings: Settings;
  log: Reporter;
  hooks?: CallHook[];
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
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
    emulator,
    log: options.log,
    clock: options.clock ?? systemClock,
    waiting: DEFAULT_WAITING,
    paths: options.paths ?? projectPaths(),
  };
}

/** Options for the SDK's waiters (`waitForTableNotExists` and friends): bounded by the run's wait time. */
export function waiterOptions<Client>(ctx: Pick<Context, 'waiting'>, client: Client) {
  return { client, maxWaitTime: ctx.waiting.maxSeconds, minDelay: ctx.waiting.minDelay, maxDelay: ctx.waiting.maxDelay };
}
