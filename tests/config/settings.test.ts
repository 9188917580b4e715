import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnvFile, parseSettings, SettingsError } from '../../config/load';

describe('settings', () => {
  test('defaults apply when nothing is set', () => {
    const settings = parseSettings({}, {}, 'us-east-1');
    expect(settings).toMatchObject({
      stack: 'rekog', region: 'us-east-1', runtime: 'nodejs22.x', minConfidence: 70, maxLabels: 10,
      maxUploadBytes: 10 * 1024 * 1024, uploadUrlExpirySeconds: 60, logRetentionDays: 14, dataExpiryDays: 30,
      apiRateLimit: 10, apiBurstLimit: 20, dailyUploadLimit: 500, processConcurrency: 5,
    });
    expect(settings.notificationEmail).toBeUndefined();
  });

  test('flags win over the environment', () => {
    const settings = parseSettings({ stack: 'from-flag' }, { REKOG_STACK: 'from-env', REKOG_MAX_LABELS: '5' }, 'eu-west-1');
    expect(settings.stack).toBe('from-flag');
    expect(settings.maxLabels).toBe(5);
  });

  test.each([
    [{ REKOG_MIN_CONFIDENCE: '150' }, /REKOG_MIN_CONFIDENCE "150": use a number from 0 to 100\.$/],
    [{ REKOG_MIN_CONFIDENCE: 'abc' }, /REKOG_MIN_CONFIDENCE "abc": use a number from 0 to 100\.$/],
    [{ REKOG_API_RATE_LIMIT: '0' }, /REKOG_API_RATE_LIMIT "0": use a number above 0, at most 10000\.$/],
    [{ REKOG_DAILY_UPLOAD_LIMIT: '1.5' }, /REKOG_DAILY_UPLOAD_LIMIT "1.5": use a whole number from 0 to 1000000\.$/],
    [{ REKOG_STACK: 'Bad_Name' }, /--stack or REKOG_STACK "Bad_Name": use 1 to 20 lowercase/],
    [{ REKOG_LOG_RETENTION_DAYS: '10' }, /REKOG_LOG_RETENTION_DAYS "10": use one of 1, 3, 5/],
    [{ REKOG_NOTIFICATION_EMAIL: 'not-an-address' }, /--email or REKOG_NOTIFICATION_EMAIL "not-an-address": use an e-mail address/],
    [{ REKOG_MAX_UPLOAD_BYTES: '20000000' }, /REKOG_MAX_UPLOAD_BYTES "20000000": use a whole number from 1 to 15000000\.$/],
    [{ REKOG_MAX_LABELS: 'many' }, /REKOG_MAX_LABELS "many": use a whole number from 1 to 1000\.$/],
  ])('a bad value names the setting and how to fix it: %j', (env, message) => {
    expect(() => parseSettings({}, env, 'us-east-1')).toThrow(SettingsError);
    expect(() => parseSettings({}, env, 'us-east-1')).toThrow(message);
  });

  test('.env fills in what the environment lacks and never overrides it', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rekog-env-')), '.env');
    writeFileSync(file, 'REKOG_STACK=from-file\nREKOG_MAX_LABELS=3\n# a comment\n');
    const env: NodeJS.ProcessEnv = { REKOG_MAX_LABELS: '7' };
    loadEnvFile(file, env);
    expect(env).toEqual({ REKOG_STACK: 'from-file', REKOG_MAX_LABELS: '7' });
    loadEnvFile(path.join(path.dirname(file), 'missing.env'), env);
  });
});
