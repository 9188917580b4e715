import { ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { applySettings, driftOf, findDrift, type Setting } from '../../../../scripts/lib/engine/setting';
import { awsError } from '../../../support/aws-errors';

/** A setting over an in-memory value, recording its writes. */
function settingOver(label: string, current: { value: unknown }, desired: unknown, writes: string[]): Setting {
  return {
    label,
    read: async () => current.value,
    desired,
    write: async () => {
      writes.push(label);
      current.value = desired;
    },
  };
}

describe('settings: read, find drift, write what differs', () => {
  test('only the settings that differ are written, in the order given, and named as changes', async () => {
    const writes: string[] = [];
    const settings = [
      settingOver('tags', { value: { a: '1' } }, { a: '1' }, writes),
      settingOver('cors', { value: [{ AllowedOrigins: ['http://old'] }] }, [{ AllowedOrigins: ['http://new'] }], writes),
      settingOver('policy', { value: undefined }, { Version: '2012-10-17' }, writes),
    ];
    expect(await applySettings(settings)).toEqual(['cors', 'policy']);
    expect(writes).toEqual(['cors', 'policy']);
    expect(await applySettings(settings)).toEqual([]);
    expect(writes).toEqual(['cors', 'policy']);
  });

  test('fields AWS adds on its own are not drift', async () => {
    const drift = await driftOf([settingOver('lifecycle', { value: [{ ID: 'x', Status: 'Enabled', Prefix: '' }] }, [{ ID: 'x', Status: 'Enabled' }], [])]);
    expect(drift).toEqual([]);
  });

  test('"not found" reads as absent, so the setting is drift; other errors are thrown', async () => {
    const missing: Setting = { label: 'retries', read: () => Promise.reject(awsError(ResourceNotFoundException, 404)), desired: 2, write: async () => undefined };
    expect(await driftOf([missing])).toEqual(['retries']);
    const broken: Setting = { ...missing, read: () => Promise.reject(new Error('boom')) };
    await expect(findDrift([broken])).rejects.toThrow('boom');
  });

  test('a setting can say what differs in its own words', async () => {
    const configuration: Setting<{ Timeout: number; MemorySize: number }> = {
      label: 'configuration',
      read: async () => ({ Timeout: 3, MemorySize: 256 }),
      desired: { Timeout: 10, MemorySize: 256 },
      differences: (actual) => (['Timeout', 'MemorySize'] as const).filter((field) => actual?.[field] !== configuration.desired[field]).map((field) => field.toLowerCase()),
      write: async () => undefined,
    };
    expect(await driftOf([configuration])).toEqual(['timeout']);
  });
});
