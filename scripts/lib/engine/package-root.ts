import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder of rekog-deploy's own package.json: the repository in a clone, node_modules/rekog-deploy
 * once installed. Found by walking up, because the compiled CLI (dist/cli/scripts/...) sits deeper
 * than its sources do.
 */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}: is rekog-deploy installed whole?`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);
