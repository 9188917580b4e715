import { SettingsError } from '../../config/load';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `15m`, `2h`, `1d` before `now`, or an ISO timestamp; the result is milliseconds since the epoch. */
export function parseSince(value: string, now: number): number {
  const text = value.trim();
  const relative = /^(\d+)([smhd])$/.exec(text);
  if (relative) return now - Number(relative[1]) * UNIT_MS[relative[2]];
  // Date.parse alone would also accept "5" or "March"; an ISO timestamp starts with the date.
  const absolute = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isNaN(absolute)) return absolute;
  throw new SettingsError(
    `Invalid --since "${value}": use a duration such as 30s, 15m, 2h or 1d, or an ISO timestamp such as 2025-01-31T09:00:00Z.`,
  );
}
