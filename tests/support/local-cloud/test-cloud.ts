import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Settings } from '../../../config/schema';
import { localSettings } from '../../../scripts/local/dev-command';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../../scripts/local/local-cloud';
import { testSettings } from '../context';
import { findFreePorts } from './free-ports';

export interface TestCloud extends LocalCloud {
  siteUrl: string;
  apiUrl: string;
  /** Every line the local cloud logged, for a failing test's message. */
  logLines: string[];
  dataRoot: string;
}

/** The local cloud on free ports with its own data folder, so the developer's .rekog is untouched. */
export async function startTestCloud(overrides: Partial<Settings> = {}, options: Partial<LocalCloudOptions> = {}): Promise<TestCloud> {
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'rekog-e2e-'));
  const logLines: string[] = [];
  const port = await findFreePorts(3);
  try {
    const cloud = await startLocalCloud({
      port,
      settings: { ...localSettings(testSettings(), {}), ...overrides },
      dataRoot,
      log: (line) => logLines.push(line),
      preloadModel: true,
      ...options,
    });
    const { siteUrl, apiUrl } = cloud.outputs;
    if (!siteUrl || !apiUrl) throw new Error('the local cloud reported no site or API URL');
    return {
      ...cloud,
      siteUrl,
      apiUrl,
      logLines,
      dataRoot,
      close: async () => {
        await cloud.close();
        rmSync(dataRoot, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataRoot, { recursive: true, force: true });
    throw error;
  }
}
