import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { reportFailure } from '../../scripts/commands/run-context';
import { localSettings, runDownLocal } from '../../scripts/local/dev-command';
import { PortInUseError } from '../../scripts/local/conflicts';
import { LocalCloudRunningError } from '../../scripts/local/instance-lock';
import { startLocalCloud, type LocalCloud } from '../../scripts/local/local-cloud';
import { localPaths } from '../../scripts/local/local-paths';
import { analyse } from '../support/local-cloud/api-client';
import { findFreePorts } from '../support/local-cloud/free-ports';
import { testSettings } from '../support/context';

jest.setTimeout(60_000);

const dataRoot = mkdtempSync(path.join(tmpdir(), 'rekog-one-cloud-'));
const textFile = { fileName: 'notes.jpg', contentType: 'image/jpeg', bytes: Buffer.from('a shopping list, not a photo\n') };
let first: LocalCloud | undefined;
let firstPort: number;

function start(port: number, root = dataRoot): Promise<LocalCloud> {
  return startLocalCloud({ port, settings: localSettings(testSettings(), {}), dataRoot: root, log: () => undefined });
}

/** What reportFailure prints and returns, as the CLI would exit. */
function exitStatusOf(error: unknown): { status: number; printed: string } {
  let printed = '';
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((text) => {
    printed += String(text);
    return true;
  });
  try {
    return { status: reportFailure(error, {}), printed };
  } finally {
    write.mockRestore();
  }
}

beforeAll(async () => {
  firstPort = await findFreePorts(3);
  first = await start(firstPort);
}, 60_000);

afterAll(async () => {
  await first?.close();
  rmSync(dataRoot, { recursive: true, force: true });
});

test('a second local cloud on the same folder names the first, exits 2 and leaves it working', async () => {
  const before = readdirSync(localPaths(dataRoot).s3, { recursive: true }).sort();

  const second = start(await findFreePorts(3));

  await expect(second).rejects.toBeInstanceOf(LocalCloudRunningError);
  const error = await second.catch((caught: unknown) => caught);
  expect((error as Error).message).toContain(`http://127.0.0.1:${firstPort}/`);
  expect((error as Error).message).toContain(`process ${process.pid}`);
  expect(exitStatusOf(error)).toEqual({ status: 2, printed: `error: ${(error as Error).message}\n` });
  expect(readdirSync(localPaths(dataRoot).s3, { recursive: true }).sort()).toEqual(before);
  expect((await analyse(first!.outputs.apiUrl as string, textFile)).status).toBe('failed');
});

test('a port in use is named, --port suggested, and nothing is left claimed', async () => {
  const otherRoot = mkdtempSync(path.join(tmpdir(), 'rekog-port-'));
  const port = await findFreePorts(3);
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  try {
    const error = await start(port, otherRoot).catch((caught: unknown) => caught);

    expect(error).toEqual(new PortInUseError(port));
    expect((error as Error).message).toMatch(new RegExp(`^Port ${port} is already in use.*--port`));
    expect(exitStatusOf(error).status).toBe(2);
    await new Promise((resolve) => blocker.close(resolve));
    const cloud = await start(port, otherRoot);
    await cloud.close();
  } finally {
    blocker.close();
    rmSync(otherRoot, { recursive: true, force: true });
  }
});

describe('down --local', () => {
  const notATerminal = () => Object.assign(new PassThrough(), { isTTY: false });

  test('refuses while the local cloud runs, even with --yes', async () => {
    const error = await runDownLocal({ yes: true, root: dataRoot }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LocalCloudRunningError);
    expect(exitStatusOf(error).status).toBe(2);
    expect(readdirSync(localPaths(dataRoot).dir)).toContain('s3');
  });

  test('asks as down does: without --yes off a terminal it refuses with exit 2; with --yes it deletes', async () => {
    await first?.close();
    first = undefined;

    const refused = await runDownLocal({ yes: false, root: dataRoot, input: notATerminal() }).catch((caught: unknown) => caught);

    expect(refused).toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
    expect(exitStatusOf(refused).status).toBe(2);
    expect(readdirSync(localPaths(dataRoot).dir)).toContain('s3');
    expect(await runDownLocal({ yes: true, root: dataRoot })).toBe(true);
    expect(await runDownLocal({ yes: true, root: dataRoot })).toBe(false);
  });

  test('on a terminal, deletes only when the answer is typed', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rekog-ask-'));
    try {
      const cloud = await start(await findFreePorts(3), root);
      await cloud.close();
      const answering = (answer: string) => {
        const input = Object.assign(new PassThrough(), { isTTY: true });
        setImmediate(() => input.end(`${answer}\n`));
        return input;
      };

      const output = new PassThrough();
      await expect(runDownLocal({ yes: false, root, input: answering('no'), output })).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' });
      expect(await runDownLocal({ yes: false, root, input: answering('delete'), output })).toBe(true);
      expect(String(output.read())).toContain('Type "delete" to confirm');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
