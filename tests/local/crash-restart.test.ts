import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localSettings } from '../../scripts/local/dev-command';
import { startLocalCloud, type LocalCloud } from '../../scripts/local/local-cloud';
import { localPaths } from '../../scripts/local/local-paths';
import { postForm, requestUpload, waitForLabels, type ImageFile } from '../support/local-cloud/api-client';
import { startChildCloud, type ChildCloud } from '../support/local-cloud/child-cloud';
import { findFreePorts } from '../support/local-cloud/free-ports';
import { testSettings } from '../support/context';
import { FIXTURE_NAMES, readFixture } from '../support/fixtures';

jest.setTimeout(90_000);

// Short, so that a claim left by the killed process runs out within seconds (Lambda's is 60 s).
const PROCESS_TIMEOUT_SECONDS = 3;
const UPLOADS = 6;
const dataRoot = mkdtempSync(path.join(tmpdir(), 'rekog-crash-'));
let child: ChildCloud | undefined;
let cloud: LocalCloud | undefined;

afterAll(async () => {
  await child?.kill();
  await cloud?.close();
  rmSync(dataRoot, { recursive: true, force: true });
});

function notificationKeys(): string[] {
  const lines = readFileSync(localPaths(dataRoot).notifications, { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean);
  return lines.map((line) => /Image: (\S+)/.exec((JSON.parse(line) as { message: string }).message)?.[1] ?? '');
}

test('killed with uploads in flight, then restarted: every image ends done or failed, each done one notified once', async () => {
  child = await startChildCloud({ port: await findFreePorts(3), dataRoot, processTimeoutSeconds: PROCESS_TIMEOUT_SECONDS });
  const { outputs } = child;
  const files: ImageFile[] = Array.from({ length: UPLOADS }, (_, index) => {
    const fileName = FIXTURE_NAMES[index % FIXTURE_NAMES.length];
    return { fileName, contentType: fileName.endsWith('.png') ? 'image/png' : 'image/jpeg', bytes: readFixture(fileName) };
  });
  const prepared = await Promise.all(files.map((file) => requestUpload(outputs.apiUrl as string, { fileName: file.fileName, contentType: file.contentType, size: file.bytes.length })));

  const posted = await Promise.all(prepared.map((upload, index) => postForm(upload.upload, files[index])));
  await child.kill();
  child = undefined;

  // With the body, so that a refusal says why.
  expect(posted.map((answer) => (answer.status === 204 ? 204 : `${answer.status} ${answer.body}`))).toEqual(Array(UPLOADS).fill(204));
  const logLines: string[] = [];
  cloud = await startLocalCloud({
    port: await findFreePorts(3),
    dataRoot,
    settings: localSettings(testSettings({ apiRateLimit: 1_000, apiBurstLimit: 1_000 }), {}),
    preloadModel: true,
    log: (line) => logLines.push(line),
  });
  const answers = await Promise.all(prepared.map((upload) => waitForLabels(cloud!.outputs.apiUrl as string, upload.key, { timeoutMs: 45_000 })));
  await cloud.close();
  cloud = undefined;

  expect(answers.map((answer) => answer.status)).toEqual(Array(UPLOADS).fill('done'));
  expect(logLines.filter((line) => line.includes('delivered again')).length).toBeGreaterThan(0);
  const notified = notificationKeys();
  expect(prepared.map((upload) => notified.filter((key) => key === upload.key).length)).toEqual(Array(UPLOADS).fill(1));
});
