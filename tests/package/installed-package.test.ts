/**
 * The package as a user gets it (`npm run test:package`, in CI): `npm pack` (which builds it on
 * prepack), the tarball installed into an empty folder, and the commands run from there through
 * npx, with no clone, no TypeScript and no bundler beside them.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { StackOutputs } from '../../scripts/lib/builders/stack-outputs';
import { readFixture } from '../support/fixtures';
import { findFreePorts } from '../support/local-cloud/free-ports';
import { analyse } from '../support/local-cloud/api-client';
import { describeWithMoto, MOTO_CREDENTIALS, motoForTheseTests } from '../support/moto';
import { packAndInstall, type InstalledPackage } from '../support/packed-package';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };

let app: string;
let shipped: string[];

function duBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stats = statSync(path.join(dir, entry), { throwIfNoEntry: false });
    if (stats?.isFile()) total += stats.size;
  }
  return total;
}

/** `npx rekog-deploy …` in the folder it was installed into; `--no`: never download; `--`: the flags are the command's, not npm's. */
async function npx(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['--no', 'rekog-deploy', '--', ...args], { cwd: app, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** True once nothing answers on the site's port any more, within `withinMs`. */
async function portsFreed(port: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const answered = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1_000) }).then(
      () => true,
      () => false,
    );
    if (!answered) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

beforeAll(async () => {
  let packed: InstalledPackage['packed'];
  ({ app, packed } = await packAndInstall());
  shipped = packed.files.map((file) => file.path);
  const installed = duBytes(path.join(app, 'node_modules'));
  console.log(
    `package: tarball ${(packed.size / 1024).toFixed(0)} KiB (${packed.entryCount} files, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked); ` +
      `installed with its dependencies ${(installed / 1024 / 1024).toFixed(0)} MiB`,
  );
}, 900_000);

afterAll(() => {
  if (app) rmSync(path.dirname(app), { recursive: true, force: true });
});

describe('the installed package', () => {
  test('is compiled JavaScript: no TypeScript source, and neither tsx nor esbuild installed', () => {
    const own = path.join(app, 'node_modules', 'rekog-deploy');
    const files = readdirSync(own, { recursive: true, encoding: 'utf8' });
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining([path.join('dist', 'cli', 'scripts', 'cli.js'), path.join('dist', 'functions', 'detect-labels', 'index.js'), path.join('site', 'index.html')]));
    expect(files).not.toContain(path.join('site', 'config.js'));
    // The clone's own runs leave a code cache and a compile stamp in dist/cli; neither is shipped.
    expect(shipped.filter((file) => file.includes('.code-cache') || file.endsWith('.compiled'))).toEqual([]);
    for (const compiler of ['tsx', 'esbuild', 'typescript']) expect(existsSync(path.join(app, 'node_modules', compiler))).toBe(false);
  });

  test('--version and -V print the version; --help lists the commands with the global options', async () => {
    expect(await npx(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect((await npx(['-V'])).stdout).toBe(`${version}\n`);
    const help = await npx(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['up', 'down', 'status', 'outputs', 'logs', 'policy', 'dev']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const upHelp = await npx(['up', '--help']);
    expect(upHelp.stdout).toMatch(/--email <address>/);
    expect(upHelp.stdout).toMatch(/Global Options:[\s\S]*--stack <name>/);
  });

  test('dev runs the whole app from the package: an uploaded photo gets its labels', async () => {
    const port = await findFreePorts(3);
    // A process group of its own, so that Ctrl-C reaches npx and the CLI under it, as in a terminal.
    const child = spawn('npx', ['--no', 'rekog-deploy', '--', 'dev', '--json', '--port', String(port)], { cwd: app, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const outputs = await new Promise<StackOutputs>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as StackOutputs));
        child.once('exit', (code) => reject(new Error(`dev exited with ${code}: ${stderr}`)));
      });
      const page = await fetch(outputs.siteUrl!);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<title>/);
      const answer = await analyse(outputs.apiUrl!, { fileName: 'astronaut.jpg', contentType: 'image/jpeg', bytes: readFixture('astronaut.jpg') });
      expect(answer.status).toBe('done');
      expect(answer.labels?.map((label) => label.name)).toContain('Person');
      // The local cloud's data is kept in the folder it runs in, not inside node_modules.
      expect(existsSync(path.join(app, '.rekog', 'local', 's3'))).toBe(true);
    } finally {
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      process.kill(-child.pid!, 'SIGINT');
      // npx itself ends by the signal; the CLI under it stops its servers and frees the ports.
      expect([{ code: 0, signal: null }, { code: null, signal: 'SIGINT' }]).toContainEqual(await exited);
      await expect(portsFreed(port, 10_000)).resolves.toBe(true);
    }
  }, 180_000);
});

describeWithMoto('the installed package against an emulator', () => {
  const moto = motoForTheseTests();
  const env = () => ({ ...MOTO_CREDENTIALS, AWS_ENDPOINT_URL: moto().endpoint, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' });

  test('up, status, down --yes, and status says the stack is gone', async () => {
    const up = await npx(['up'], env());
    expect(up.stderr + up.stdout).toMatch(/Done in/);
    expect(up.code).toBe(0);
    expect(await npx(['status'], env())).toMatchObject({ code: 0 });
    const down = await npx(['down', '--yes'], env());
    expect(down.code).toBe(0);
    const after = await npx(['status', '--json'], env());
    expect(after.code).toBe(3);
    expect(JSON.parse(after.stdout)).toMatchObject({ deployed: false });
  }, 180_000);
});
