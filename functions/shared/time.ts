const SECONDS_PER_DAY = 24 * 60 * 60;

/** DynamoDB's TTL wants epoch seconds. */
export function expiresAt(now: Date, days: number): number {
  return Math.floor(now.getTime() / 1000) + days * SECONDS_PER_DAY;
}
