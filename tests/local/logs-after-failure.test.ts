import path from 'node:path';
import { runLogs } from '../../scripts/logs/logs-command';
import { LOCAL_ACCOUNT } from '../../scripts/local/local-paths';
import { buildNames } from '../../scripts/lib/builders/names';
import { analyse } from '../support/local-cloud/api-client';
import { startTestCloud, type TestCloud } from '../support/local-cloud/test-cloud';

jest.setTimeout(60_000);

describe('rekog-deploy logs on the local cloud', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(async () => {
    await cloud?.close();
  });

  test('after a text file named .jpg fails, `logs process --since 5m` shows the failure line with its key', async () => {
    const answer = await analyse(cloud.apiUrl, { fileName: 'fake.jpg', contentType: 'image/jpeg', bytes: Buffer.from('a shopping list, not a photo\n') });
    expect(answer.status).toBe('failed');

    let printed = '';
    await runLogs({
      fn: 'process',
      since: '5m',
      follow: false,
      json: false,
      verbose: false,
      source: { kind: 'local', logsDir: path.join(cloud.dataRoot, '.rekog', 'local', 'logs'), names: buildNames('rekog', LOCAL_ACCOUNT, 'us-east-1') },
      out: { write: (text: string) => (printed += text) },
      env: { NO_COLOR: '1' },
    });
    const failure = printed.split('\n').find((line) => line.includes(answer.key));
    expect(failure).toMatch(/WARN .*uploads\/[0-9a-f-]+\.jpg .*code=NOT_AN_IMAGE/);
    expect(printed).not.toContain('NodeVersionSupportWarning');
  });
});
