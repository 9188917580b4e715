import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const { ensureCompiled } = require('../../scripts/compile-cli.js') as { ensureCompiled(root: string): void };

/** A clone in miniature: scripts/ and config/ with one TypeScript file each. */
function clone(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rekog-compile-'));
  mkdirSync(path.join(root, 'scripts', 'commands'), { recursive: true });
  mkdirSync(path.join(root, 'config'));
  writeFileSync(path.join(root, 'config', 'answer.ts'), 'export const answer: number = 1;\n');
  writeFileSync(path.join(root, 'scripts', 'commands', 'ask.ts'), "import { answer } from '../../config/answer';\nexport const ask = (): number => answer;\n");
  return root;
}

const compiled = (root: string, file: string) => path.join(root, 'dist', 'cli', file);
const later = (file: string) => utimesSync(file, new Date(Date.now() + 5_000), new Date(Date.now() + 5_000));

describe('the CLI compiled in a clone', () => {
  test('a fresh clone is compiled to runnable JavaScript in the same layout', () => {
    const root = clone();
    ensureCompiled(root);
    const { ask } = require(compiled(root, 'scripts/commands/ask.js')) as { ask(): number };
    expect(ask()).toBe(1);
  });

  test('an edit is compiled on the next run; an unchanged tree is left as it is', () => {
    const root = clone();
    ensureCompiled(root);
    writeFileSync(compiled(root, 'config/answer.js'), '// left alone\n');
    ensureCompiled(root);
    expect(readFileSync(compiled(root, 'config/answer.js'), 'utf8')).toBe('// left alone\n');

    writeFileSync(path.join(root, 'config', 'answer.ts'), 'export const answer: number = 2;\n');
    later(path.join(root, 'config', 'answer.ts'));
    ensureCompiled(root);
    expect(readFileSync(compiled(root, 'config/answer.js'), 'utf8')).toMatch(/answer = 2/);
  });

  test('a deleted source leaves no compiled module behind', () => {
    const root = clone();
    writeFileSync(path.join(root, 'scripts', 'old.ts'), 'export const old = true;\n');
    ensureCompiled(root);
    expect(existsSync(compiled(root, 'scripts/old.js'))).toBe(true);
    rmSync(path.join(root, 'scripts', 'old.ts'));
    later(path.join(root, 'scripts'));
    ensureCompiled(root);
    expect(existsSync(compiled(root, 'scripts/old.js'))).toBe(false);
    expect(existsSync(compiled(root, 'scripts/commands/ask.js'))).toBe(true);
  });
});
