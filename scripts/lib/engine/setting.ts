import { matchesDesired } from '../builders/documents';
import { unlessNotFound } from './errors';

/**
 * One thing a step keeps the way `up` wants it (a bucket's CORS, a role's policy, a table's TTL): read
 * it, compare it with what is desired, write it when it differs. Every `ensure` is the same three
 * moves over a list of these, and every `inspect` the first two.
 */
export interface Setting<Value = unknown> {
  label: string;
  /** The current value; "not found" reads as undefined. */
  read(): Promise<Value | undefined>;
  desired: Value;
  write(): Promise<unknown>;
  /**
   * What differs, in words; none means it matches. By default the label, when the value read does
   * not match the desired one (fields that AWS adds on its own do not count).
   */
  differences?(actual: Value | undefined): string[];
}

function differencesOf<Value>(setting: Setting<Value>, actual: Value | undefined): string[] {
  if (setting.differences) return setting.differences(actual);
  return matchesDesired(actual, setting.desired) ? [] : [setting.label];
}

export interface Drift {
  setting: Setting;
  differences: string[];
}

/** Settings' current values by label, read ahead of `ensure` (see early-work.ts). */
export type SettingValues = ReadonlyMap<string, unknown>;

/** Reads every setting at once; "not found" reads as undefined. */
export async function readValues(settings: readonly Setting[]): Promise<SettingValues> {
  const values = await Promise.all(settings.map((setting) => unlessNotFound(() => setting.read())));
  return new Map(settings.map((setting, index) => [setting.label, values[index]]));
}

/** Reads every setting at once (but those in `known`); what differs, in the order given. */
export async function findDrift(settings: readonly Setting[], known?: SettingValues): Promise<Drift[]> {
  const readings = await Promise.all(
    settings.map(async (setting) => {
      const actual = known?.has(setting.label) ? known.get(setting.label) : await unlessNotFound(() => setting.read());
      return { setting, differences: differencesOf(setting, actual) };
    }),
  );
  return readings.filter((reading) => reading.differences.length > 0);
}

/** Writes each drifted setting, one after another in the order given; what changed, in words. */
export async function writeDrift(drift: readonly Drift[]): Promise<string[]> {
  for (const { setting } of drift) await setting.write();
  return drift.flatMap((item) => item.differences);
}

/** Read (unless known), find drift, write each drifted setting: the changes, in words. */
export async function applySettings(settings: readonly Setting[], known?: SettingValues): Promise<string[]> {
  return writeDrift(await findDrift(settings, known));
}

/** What `status` reports as drift. */
export async function driftOf(settings: readonly Setting[]): Promise<string[]> {
  return (await findDrift(settings)).flatMap((item) => item.differences);
}
