/**
 * `npm run cost`: the most a day of this stack can cost with the current settings (defaults, .env,
 * the environment), from us-east-1 list prices. REKOG_DAILY_UPLOAD_LIMIT=100 npm run cost shows
 * what a lower quota buys.
 */
import { loadSettings } from '../config/load';
import { alarmDefinitions } from '../scripts/lib/builders/alarms';
import { buildNames } from '../scripts/lib/builders/names';
import { formatWorstCase, worstCaseDailyCost, type Assumptions } from './cost/worst-case';
import { PRICES } from './cost/prices';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

async function main(): Promise<void> {
  const settings = await loadSettings({});
  const names = buildNames(settings.stack, '123456789012', settings.region);
  const assumptions: Assumptions = {
    apiCallMs: 100,
    analysisMs: 2_000,
    logBytesPerInvocation: 1_024,
    alarms: alarmDefinitions(names, 'arn:aws:sns:us-east-1:123456789012:topic', settings).length,
  };
  console.log(`Worst case per day, stack settings as loaded, us-east-1 list prices, free tiers used up`);
  console.log(`\nLambda at ${assumptions.apiCallMs} ms per API call and ${assumptions.analysisMs} ms per analysis:`);
  for (const line of formatWorstCase(worstCaseDailyCost(settings, PRICES, assumptions))) console.log(line);
  console.log('\nEvery Lambda call running to its timeout:');
  for (const line of formatWorstCase(worstCaseDailyCost(settings, PRICES, assumptions, true))) console.log(line);
  console.log('\nNot bounded by any setting:');
  for (const line of worstCaseDailyCost(settings, PRICES, assumptions).unbounded) console.log(`  ${line}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
