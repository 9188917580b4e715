import type { Settings } from '../../config/schema';
import { FUNCTION_LIMITS } from '../../scripts/lib/builders/function-config';
import type { Prices } from './prices';

const SECONDS_PER_DAY = 86_400;
const GB = 1024 ** 3;

/** What the estimate cannot read from the settings. */
export interface Assumptions {
  /** Billed time of one call of an API function (they do one DynamoDB call and sign a form). */
  apiCallMs: number;
  /** Billed time of one analysis (a HEAD, a ranged GET, DetectLabels, two DynamoDB updates, a publish). */
  analysisMs: number;
  /** Log bytes one invocation writes: Lambda's START/END/REPORT lines and the handler's JSON lines. */
  logBytesPerInvocation: number;
  /** CloudWatch alarms `up` creates with these settings. */
  alarms: number;
}

export interface CostLine {
  item: string;
  basis: string;
  usdPerDay: number;
}

export interface WorstCase {
  lines: CostLine[];
  usdPerDay: number;
  /** What the settings do not bound, with its unit price. */
  unbounded: string[];
}

const money = (usd: number) => (usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`);
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The most a stack with these settings can cost in a day when someone drives every public entry
 * point as hard as the settings allow: the API at its throttle, every upload of the day's quota
 * analysed. Lambda time is charged at `assumptions`; `atTimeouts` charges every call its full timeout.
 */
export function worstCaseDailyCost(settings: Settings, prices: Prices, assumptions: Assumptions, atTimeouts = false): WorstCase {
  const apiCalls = settings.apiRateLimit * SECONDS_PER_DAY + settings.apiBurstLimit;
  const uploads = settings.dailyUploadLimit;
  const apiMemoryGb = Math.max(FUNCTION_LIMITS['generate-upload-url'].memoryMb, FUNCTION_LIMITS['detect-labels'].memoryMb) / 1024;
  const apiSeconds = atTimeouts ? Math.max(FUNCTION_LIMITS['generate-upload-url'].timeoutSeconds, FUNCTION_LIMITS['detect-labels'].timeoutSeconds) : assumptions.apiCallMs / 1000;
  const process = FUNCTION_LIMITS['process-image-upload'];
  const analysisSeconds = atTimeouts ? process.timeoutSeconds : assumptions.analysisMs / 1000;
  // Reserved concurrency caps analysis time whatever the number of events.
  const analysisCapSeconds = settings.processConcurrency > 0 ? settings.processConcurrency * SECONDS_PER_DAY : Infinity;
  const storedGb = (uploads * settings.maxUploadBytes * settings.dataExpiryDays) / GB;

  const lines: CostLine[] = [
    { item: 'API Gateway', basis: `${count(apiCalls)} requests (${settings.apiRateLimit}/s all day, burst ${settings.apiBurstLimit})`, usdPerDay: (apiCalls / 1e6) * prices.apiGatewayRestPerMillion },
    {
      item: 'Lambda, API functions',
      basis: `${count(apiCalls)} calls of ${apiSeconds * 1000} ms at ${apiMemoryGb * 1024} MB`,
      usdPerDay: (apiCalls / 1e6) * prices.lambdaPerMillionRequests + apiCalls * apiSeconds * apiMemoryGb * prices.lambdaArmPerGbSecond,
    },
    { item: 'DynamoDB', basis: `${count(apiCalls + 4 * uploads)} writes (the quota counter on every call, 4 per upload)`, usdPerDay: ((apiCalls + 4 * uploads) / 1e6) * prices.dynamodbPerMillionWrites },
    { item: 'Rekognition', basis: `${count(uploads)} images (the daily quota; a replaced object is not analysed)`, usdPerDay: uploads ? uploads * prices.rekognitionPerImage : Infinity },
    {
      item: 'Lambda, analysis',
      basis: `${count(uploads)} analyses of ${analysisSeconds * 1000} ms at ${process.memoryMb} MB`,
      usdPerDay: (uploads / 1e6) * prices.lambdaPerMillionRequests + Math.min(uploads * analysisSeconds, analysisCapSeconds) * (process.memoryMb / 1024) * prices.lambdaArmPerGbSecond,
    },
    {
      item: 'S3',
      basis: `${count(uploads)} uploads of up to ${(settings.maxUploadBytes / 1024 ** 2).toFixed(0)} MiB, kept ${settings.dataExpiryDays} days (${storedGb.toFixed(0)} GiB at steady state)`,
      usdPerDay: (uploads / 1000) * prices.s3PerThousandPosts + (storedGb * prices.s3PerGbMonth) / 30,
    },
    {
      item: 'CloudWatch Logs',
      basis: `${count(apiCalls + uploads)} invocations × ${assumptions.logBytesPerInvocation} bytes`,
      usdPerDay: (((apiCalls + uploads) * assumptions.logBytesPerInvocation) / GB) * prices.logsPerGbIngested,
    },
    { item: 'CloudWatch alarms, metric', basis: `${assumptions.alarms} alarms, 1 custom metric`, usdPerDay: (assumptions.alarms * prices.alarmPerMonth + prices.customMetricPerMonth) / 30 },
    { item: 'SNS e-mail', basis: `${count(uploads)} notifications`, usdPerDay: (uploads / 1e5) * prices.snsPerHundredThousandEmails },
  ];
  const unbounded = [
    `CloudFront: $${prices.cloudFrontPerTenThousandHttpsRequests} per 10,000 page requests and $${prices.cloudFrontPerGbOut} per GB served (nothing throttles the page)`,
    `S3: $${prices.s3PerThousandPosts} per 1,000 POSTs of an upload form used again within its ${settings.uploadUrlExpirySeconds} s (billed, but not analysed: OBJECT_REPLACED)`,
  ];
  if (!uploads) unbounded.push('Rekognition: REKOG_DAILY_UPLOAD_LIMIT=0 turns the quota off');
  return { lines, usdPerDay: lines.reduce((sum, line) => sum + line.usdPerDay, 0), unbounded };
}

export function formatWorstCase(worst: WorstCase): string[] {
  const width = Math.max(...worst.lines.map((line) => line.item.length));
  return [
    ...worst.lines.map((line) => `  ${line.item.padEnd(width)}  ${money(line.usdPerDay).padStart(8)}  ${line.basis}`),
    `  ${'total'.padEnd(width)}  ${money(worst.usdPerDay).padStart(8)}`,
  ];
}
