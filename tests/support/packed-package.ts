import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '..', '..');

export interface InstalledPackage {
  tarball: string;
  /** The folder it was installed into: node_modules/rekog-deploy and its dependencies. */
  app: string;
  packed: { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] };
}

/**
 * The package as users get it: `npm pack` (which builds it on prepack), the tarball installed into
 * an empty folder. The npm cache holds what `npm ci` fetched for the repository, so the registry is
 * asked only for the rest.
 */
export async function packAndInstall(): Promise<InstalledPackage> {
  const work = mkdtempSync(path.join(tmpdir(), 'rekog-package-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
  // The build's own lines come first on stdout.
  const packed = (JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as InstalledPackage['packed'][])[0]!;
  const tarball = path.join(work, packed.filename);
  const app = path.join(work, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'trying-rekog-deploy', private: true }));
  await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, timeout: 600_000 });
  return { tarball, app, packed };
}
