import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { localSettings } from '../../scripts/local/dev-command';
import { startLocalCloud, type LocalCloud } from '../../scripts/local/local-cloud';
import { LOCAL_ACCOUNT, LOCAL_CREDENTIALS, localPaths } from '../../scripts/local/local-paths';
import { buildNames } from '../../scripts/lib/builders/names';
import { analyse, readLabels, waitForLabels } from '../support/local-cloud/api-client';
import { findFreePorts } from '../support/local-cloud/free-ports';
import { testSettings } from '../support/context';
import { readFixture } from '../support/fixtures';

jest.setTimeout(60_000);

const dataRoot = mkdtempSync(path.join(tmpdir(), 'rekog-redeliver-'));
// Four images polled every 100 ms would meet the stage's throttle (10 requests/s).
const settings = localSettings(testSettings({ apiRateLimit: 1_000, apiBurstLimit: 1_000 }), {});
const table = buildNames(settings.stack, LOCAL_ACCOUNT, settings.region).table;
let cloud: LocalCloud | undefined;

afterAll(async () => {
  await cloud?.close();
  rmSync(dataRoot, { recursive: true, force: true });
});

async function start(): Promise<LocalCloud> {
  return startLocalCloud({ port: await findFreePorts(3), settings, dataRoot, log: () => undefined, preloadModel: true });
}

/** Opens the stopped local cloud's table on its own, to leave items as a crash would. */
async function withStoppedTable(edit: (table: DynamoDBDocumentClient) => Promise<void>): Promise<void> {
  const server = dynalite({ path: localPaths(dataRoot).dynamodb, createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, region: settings.region, credentials: LOCAL_CREDENTIALS });
  try {
    await edit(DynamoDBDocumentClient.from(client));
  } finally {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

function notificationsFor(key: string): number {
  const lines = readFileSync(localPaths(dataRoot).notifications, 'utf8').split('\n').filter(Boolean);
  return lines.filter((line) => (JSON.parse(line) as { message: string }).message.includes(`Image: ${key}`)).length;
}

test('on start, images left in flight by the last run are delivered again: each ends done, notified once more', async () => {
  cloud = await start();
  const apiUrl = cloud.outputs.apiUrl as string;
  const image = (fileName: string) => ({ fileName, contentType: fileName.endsWith('.png') ? 'image/png' : 'image/jpeg', bytes: readFixture(fileName) });
  const [lostEvent, deadClaim, unsentMail, finished] = await Promise.all(['astronaut.jpg', 'chelsea.jpg', 'coffee.jpg', 'coffee.png'].map((name) => analyse(apiUrl, image(name))));
  await cloud.close();
  cloud = undefined;
  const neverUploaded = `uploads/${randomUUID()}.jpg`;
  const claimEndsAt = Date.now() + 2_000;
  await withStoppedTable(async (items) => {
    const update = (key: string, expression: string, values?: Record<string, unknown>) =>
      items.send(
        new UpdateCommand({ TableName: table, Key: { imageKey: key }, UpdateExpression: expression, ...(values && { ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: values }) }),
      );
    // Its ObjectCreated was lost with the process.
    await update(lostEvent.key, 'SET #status = :status REMOVE notifiedAt, labels, processedAt', { ':status': 'awaiting-upload' });
    // The invocation that claimed it died with the process; its claim has two more seconds to run.
    await update(deadClaim.key, 'SET #status = :status, claimId = :claim, processingUntil = :until REMOVE notifiedAt, labels, processedAt', {
      ':status': 'processing',
      ':claim': 'claim-of-the-dead-run',
      ':until': claimEndsAt,
    });
    // Analysed, but the process stopped before the e-mail.
    await update(unsentMail.key, 'REMOVE notifiedAt');
    await items.send(new PutCommand({ TableName: table, Item: { imageKey: neverUploaded, status: 'awaiting-upload', createdAt: new Date().toISOString(), expiresAt: 0 } }));
  });
  const images = [lostEvent, deadClaim, unsentMail, finished];
  const notifiedBefore = images.map((answer) => notificationsFor(answer.key));

  cloud = await start();
  const restartedApi = cloud.outputs.apiUrl as string;
  const answers = await Promise.all(images.map((answer) => waitForLabels(restartedApi, answer.key)));
  const finishedAt = Date.now();
  const neverUploadedStatus = (await readLabels(restartedApi, neverUploaded)).body.status;
  // Stopping waits for every delivery under way, so the notifications are all written.
  await cloud.close();
  cloud = undefined;

  expect(answers.map((answer) => answer.status)).toEqual(['done', 'done', 'done', 'done']);
  expect(answers[1].labels).toEqual(deadClaim.labels);
  expect(finishedAt).toBeGreaterThanOrEqual(claimEndsAt);
  expect(neverUploadedStatus).toBe('awaiting-upload');
  expect(images.map((answer, index) => notificationsFor(answer.key) - notifiedBefore[index])).toEqual([1, 1, 1, 0]);
  await withStoppedTable(async (items) => {
    const item = await items.send(new GetCommand({ TableName: table, Key: { imageKey: unsentMail.key } }));
    expect(item.Item?.notifiedAt).toEqual(expect.any(String));
  });
});
