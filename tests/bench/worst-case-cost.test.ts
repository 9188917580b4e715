import { PRICES } from '../../bench/cost/prices';
import { worstCaseDailyCost, type Assumptions } from '../../bench/cost/worst-case';
import { testSettings } from '../support/context';

const ASSUMPTIONS: Assumptions = { apiCallMs: 100, analysisMs: 2_000, logBytesPerInvocation: 1_024, alarms: 9 };
const line = (worst: ReturnType<typeof worstCaseDailyCost>, item: string) => worst.lines.find((entry) => entry.item === item)?.usdPerDay;

describe('the worst-case daily cost', () => {
  test('the API is charged at its throttle all day, Rekognition at the daily quota', () => {
    const worst = worstCaseDailyCost(testSettings({ apiRateLimit: 10, apiBurstLimit: 20, dailyUploadLimit: 500 }), PRICES, ASSUMPTIONS);

    expect(line(worst, 'API Gateway')).toBeCloseTo((864_020 / 1e6) * 3.5, 6);
    expect(line(worst, 'Rekognition')).toBeCloseTo(0.5, 6);
    expect(worst.usdPerDay).toBeCloseTo(worst.lines.reduce((sum, entry) => sum + entry.usdPerDay, 0), 6);
  });

  test('a lower quota or throttle lowers the bound', () => {
    const defaults = worstCaseDailyCost(testSettings({ dailyUploadLimit: 500 }), PRICES, ASSUMPTIONS).usdPerDay;

    expect(worstCaseDailyCost(testSettings({ dailyUploadLimit: 100 }), PRICES, ASSUMPTIONS).usdPerDay).toBeLessThan(defaults);
    expect(worstCaseDailyCost(testSettings({ dailyUploadLimit: 500, apiRateLimit: 1 }), PRICES, ASSUMPTIONS).usdPerDay).toBeLessThan(defaults);
  });

  test('without a quota there is no bound on Rekognition, and the estimate says so', () => {
    const worst = worstCaseDailyCost(testSettings({ dailyUploadLimit: 0 }), PRICES, ASSUMPTIONS);

    expect(worst.usdPerDay).toBe(Infinity);
    expect(worst.unbounded).toContainEqual(expect.stringContaining('REKOG_DAILY_UPLOAD_LIMIT=0'));
  });

  test('reserved concurrency caps analysis time, even with every call at its timeout', () => {
    const capped = worstCaseDailyCost(testSettings({ dailyUploadLimit: 1_000_000, processConcurrency: 1 }), PRICES, ASSUMPTIONS, true);

    expect(line(capped, 'Lambda, analysis')).toBeCloseTo((1_000_000 / 1e6) * 0.2 + 86_400 * 0.25 * PRICES.lambdaArmPerGbSecond, 6);
  });
});
