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
    // Only text files named .jpg are uploaded: they fail from their header, and the model is never needed.
    cloud = await startTestCloud({}, { preloadModel: false });
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

  test('the terminal shows the same failure as `logs` renders it, not the raw JSON line', async () => {
    const answer = await analyse(cloud.apiUrl, { fileName: 'fake.jpg', contentType: 'image/jpeg', bytes: Buffer.from('not a photo either\n') });

    const shown = cloud.logLines.filter((line) => line.includes(answer.key) && line.includes('image not analysed'));
    expect(shown).toEqual([expect.stringMatching(new RegExp(`^process +\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z WARN +[0-9a-f]{8}  ${answer.key}  image not analysed  code=NOT_AN_IMAGE`))]);
    expect(cloud.logLines.filter((line) => line.includes('{"level"'))).toEqual([]);
  });

  test('the page served locally points at `logs --local` for server errors, not at CloudWatch', async () => {
    const config = await (await fetch(`${cloud.siteUrl}config.js`)).text();

    expect(config).toContain('window.REKOG_CONFIG.logsCommand = "npx rekog-deploy logs <function> --local";');
  });
});
