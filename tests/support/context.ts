import { settingDefaults, type Settings } from '../../config/schema';
import { partitionOf } from '../../scripts/lib/builders/arns';
import { createClients, type CallHook, type Clients } from '../../scripts/lib/engine/clients';
import { projectPaths, type Context } from '../../scripts/lib/engine/context';
import { buildNames } from '../../scripts/lib/builders/names';
import { silentReporter, type Reporter } from '../../scripts/lib/engine/reporter';
import type { DistributionOutputs } from '../../scripts/02-create-distribution';
import { siteAddress } from '../../scripts/lib/builders/site-address';
import type { Clock } from '../../scripts/lib/engine/clock';
import { SimulatedClock } from './clock';

export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = 'us-east-1';

export function testSettings(overrides: Partial<Settings> = {}): Settings {
  return { ...settingDefaults, region: TEST_REGION, ...overrides };
}

/**
 * The SDK's waiters poll a mocked or in-memory AWS: a millisecond between polls is plenty. They
 * sleep on real timers, not on the context's clock, so every millisecond more is waited in earnest
 * (a down waits out a distribution in nine polls, and the interrupted-run tests do hundreds of downs).
 */
export const TEST_WAITING = { maxSeconds: 30, minDelay: 0.001, maxDelay: 0.001 };

export interface TestContextOptions {
  settings?: Partial<Settings>;
  hooks?: CallHook[];
  clients?: Clients;
  log?: Reporter;
  emulator?: string;
  accountId?: string;
  clock?: Clock;
}

/** A Context as createContext builds it, without the STS call, on a simulated clock so that retries wait at once. */
export function testContext(options: TestContextOptions = {}): Context {
  const settings = testSettings(options.settings);
  const accountId = options.accountId ?? TEST_ACCOUNT;
  const names = buildNames(settings.stack, accountId, settings.region);
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  return {
    settings,
    clients: options.clients ?? createClients({ region: settings.region, hooks: options.hooks, env: options.emulator ? { AWS_ENDPOINT_URL: options.emulator } : {} }),
    names,
    scope: { partition: partitionOf(settings.region), region: settings.region, accountId },
    emulator: options.emulator,
    log: options.log ?? silentReporter,
    clock: options.clock ?? new SimulatedClock(),
    waiting: TEST_WAITING,
    paths: projectPaths(),
  };
}

/** The page's address in step tests: a distribution as create-distribution hands it on. */
export const TEST_SITE = siteAddress('d111111abcdef8.cloudfront.net');

export const TEST_DISTRIBUTION: DistributionOutputs = {
  distributionId: 'E2QWRUHAPOMQZL',
  distributionArn: `arn:aws:cloudfront::${TEST_ACCOUNT}:distribution/E2QWRUHAPOMQZL`,
  siteUrl: TEST_SITE.url,
  siteOrigin: TEST_SITE.origin,
  status: 'Deployed',
};
