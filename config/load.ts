import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { STSClient } from '@aws-sdk/client-sts';
import { z } from 'zod';
import { defaults } from './defaults';
import { settingDefaults, settingSources, settingsSchema, type SettingName, type Settings } from './schema';

/** A setting with a value that cannot be used. The CLI prints the message and exits with status 2. */
export class SettingsError extends Error {
  readonly code = 'INVALID_SETTING';
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/**
 * Copies `.env` into the environment without overriding what is already set (as dotenv does), so
 * the SDK also sees AWS_PROFILE, AWS_ENDPOINT_URL and friends from it.
 */
export function loadEnvFile(path: string, env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(path)) return;
  const values = parseEnv(readFileSync(path, 'utf8'));
  for (const [name, value] of Object.entries(values)) {
    if (env[name] === undefined) env[name] = value;
  }
}

export type SettingFlags = Partial<Record<SettingName, string | number | undefined>>;

/** Flags over environment; `.env` has already been folded into the environment by loadEnvFile. */
export function parseSettings(flags: SettingFlags, env: NodeJS.ProcessEnv, region: string): Settings {
  const raw: Record<string, unknown> = { ...settingDefaults, region };
  for (const [name, source] of Object.entries(settingSources) as [SettingName, (typeof settingSources)[SettingName]][]) {
    const fromEnv = env[source.env];
    if (fromEnv !== undefined && fromEnv !== '') raw[name] = fromEnv;
    const fromFlag = flags[name];
    if (fromFlag !== undefined && fromFlag !== '') raw[name] = fromFlag;
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) throw new SettingsError(describeIssue(parsed.error.issues[0], raw));
  return parsed.data;
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  const name = issue.path[0] as SettingName;
  const source = settingSources[name];
  const where = source.flag ? `${source.flag} or ${source.env}` : source.env;
  return `Invalid ${where} "${String(raw[name])}": ${issue.message}.`;
}

/** The region from the SDK's own chain (AWS_REGION, the profile's config), else us-east-1. */
export async function resolveRegion(flags: SettingFlags, env: NodeJS.ProcessEnv): Promise<string> {
  if (typeof flags.region === 'string' && flags.region) return flags.region;
  const profile = typeof flags.profile === 'string' ? flags.profile : env.AWS_PROFILE;
  try {
    const region = await new STSClient({ profile }).config.region();
    if (region) return region;
  } catch {
    // No region anywhere in the chain: fall through to the default.
  }
  return defaults.region;
}

export async function loadSettings(flags: SettingFlags, env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Promise<Settings> {
  loadEnvFile(envFile, env);
  const region = await resolveRegion(flags, env);
  return parseSettings(flags, env, region);
}
