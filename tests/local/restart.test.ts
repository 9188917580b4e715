import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deleteLocalData, localSettings, readLocalOutputs } from '../../scripts/local/dev-command';
import { startLocalCloud, type LocalCloud } from '../../scripts/local/local-cloud';
import { stackOutputs } from '../../scripts/lib/builders/stack-outputs';
import { analyse, readLabels } from '../support/local-cloud/api-client';
import { findFreePorts } from '../support/local-cloud/free-ports';
import { testContext, testSettings } from '../support/context';

jest.setTimeout(60_000);

describe('the local cloud across restarts', () => {
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'rekog-restart-'));
  let cloud: LocalCloud | undefined;
  afterAll(async () => {
    await cloud?.close();
    rmSync(dataRoot, { recursive: true, force: true });
  });

  async function start(): Promise<LocalCloud> {
    const port = await findFreePorts(3);
    return startLocalCloud({ port, settings: localSettings(testSettings(), {}), dataRoot, log: () => undefined });
  }

  test('a restart keeps the results; outputs --local has the AWS shape; down --local deletes the data', async () => {
    cloud = await start();
    // A text file named .jpg: recorded as failed without the model, which keeps this test quick.
    const upload = { fileName: 'notes.jpg', contentType: 'image/jpeg', bytes: Buffer.from('a shopping list, not a photo\n') };
    const first = await analyse(cloud.outputs.apiUrl as string, upload);
    expect(first.status).toBe('failed');
    await cloud.close();

    cloud = await start();
    const again = await readLabels(cloud.outputs.apiUrl as string, first.key);
    expect(again).toEqual({ status: 200, body: first });

    const saved = readLocalOutputs(dataRoot);
    expect(saved).toEqual(cloud.outputs);
    expect(Object.keys(saved).sort()).toEqual(Object.keys(stackOutputs(testContext(), { siteUrl: 'https://site/', apiUrl: 'https://api' })).sort());

    await cloud.close();
    cloud = undefined;
    expect(deleteLocalData(dataRoot)).toBe(true);
    expect(() => readLocalOutputs(dataRoot)).toThrow('The local cloud has not run yet');
    expect(deleteLocalData(dataRoot)).toBe(false);
  });
});
