import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localPaths } from '../../scripts/local/local-paths';
import { analyse, type ImageFile } from '../support/local-cloud/api-client';
import { startChildCloud, type ChildCloud } from '../support/local-cloud/child-cloud';
import { findFreePorts } from '../support/local-cloud/free-ports';
import { generateMalformedRequests, type Ports } from '../support/local-cloud/malformed-requests';
import { sendRaw, type RawAnswer } from '../support/local-cloud/raw-http';
import { FIXTURE_NAMES, readFixture } from '../support/fixtures';

jest.setTimeout(120_000);

const REQUESTS = 3_000;
const AT_ONCE = 32;
const dataRoot = mkdtempSync(path.join(tmpdir(), 'rekog-fuzz-'));
let cloud: ChildCloud;
let ports: Ports;

beforeAll(async () => {
  // Short HTTP timeouts, so that a generated request whose body never ends costs two seconds, not thirty.
  cloud = await startChildCloud({ port: await findFreePorts(3), dataRoot, processTimeoutSeconds: 60, httpTimeoutMs: 2_000 });
  const port = (url: string | null) => Number(new URL(url ?? '').port);
  ports = { site: port(cloud.outputs.siteUrl), api: port(cloud.outputs.apiUrl), s3: port(cloud.outputs.siteUrl) + 2 };
}, 60_000);

afterAll(async () => {
  await cloud?.kill();
  rmSync(dataRoot, { recursive: true, force: true });
});

const photo = (index: number): ImageFile => {
  const fileName = FIXTURE_NAMES[index % FIXTURE_NAMES.length];
  return { fileName, contentType: fileName.endsWith('.png') ? 'image/png' : 'image/jpeg', bytes: readFixture(fileName) };
};

async function sendAll(requests: ReturnType<typeof generateMalformedRequests>): Promise<RawAnswer[]> {
  const answers: RawAnswer[] = new Array(requests.length);
  let next = 0;
  const sender = async () => {
    for (let index = next++; index < requests.length; index = next++) {
      answers[index] = await sendRaw(ports[requests[index].port], requests[index].bytes, 10_000);
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, sender));
  return answers;
}

test(`${REQUESTS} malformed requests on the three ports: each answered, none a crash or a 500, memory bounded; a photo is labelled after`, async () => {
  const requests = generateMalformedRequests(REQUESTS, ports, cloud.outputs.uploadBucket);
  const rssBefore = await cloud.rss();

  const answers = await sendAll(requests);

  const outcomes = requests.map((request, index) => ({ kind: request.kind, status: answers[index].status }));
  const unanswered = outcomes.filter((outcome) => outcome.status === 0).map((outcome) => outcome.kind);
  const serverErrors = outcomes.filter((outcome) => outcome.status >= 500).map((outcome) => `${outcome.kind} → ${outcome.status}`);
  expect(cloud.process.exitCode).toBeNull();
  expect({ unanswered, serverErrors }).toEqual({ unanswered: [], serverErrors: [] });
  expect(cloud.logLines.filter((line) => / 500: /.test(line))).toEqual([]);
  expect((await cloud.rss()) - rssBefore).toBeLessThan(200 * 1024 * 1024);
  expect((await analyse(cloud.outputs.apiUrl as string, photo(0))).status).toBe('done');
});

test('20 uploads at once are all labelled, each notified once', async () => {
  const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => analyse(cloud.outputs.apiUrl as string, photo(index), 250)));

  expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill('done'));
  const notified = await notificationCounts(answers.map((answer) => answer.key));
  expect(notified).toEqual(Array(20).fill(1));
});

/**
 * How many notifications name each key, once each has one or ten seconds have passed: an image's
 * status turns done before its notification is published, so the last one may still be on its way.
 */
async function notificationCounts(keys: string[]): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const messages = readFileSync(localPaths(dataRoot).notifications, { encoding: 'utf8', flag: 'a+' })
      .split('\n')
      // Whole lines only: the last may be half written.
      .slice(0, -1)
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { message: string }).message);
    const counts = keys.map((key) => messages.filter((message) => message.includes(`Image: ${key}`)).length);
    if (counts.every((count) => count > 0) || Date.now() > deadline) return counts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
