import { createInterface } from 'node:readline/promises';
import { DeployError } from '../lib/engine/errors';

const ANSWER = 'delete';

/** `down --local` asks on a terminal, as `down` does; anywhere else it needs --yes. */
export async function confirmLocalDelete(dir: string, yes: boolean, input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<void> {
  if (yes) return;
  if (!input.isTTY) {
    throw new DeployError('CONFIRMATION_REQUIRED', "Refusing to delete the local cloud's data without confirmation: add --yes when not on a terminal.");
  }
  const prompt = createInterface({ input, output });
  try {
    const answer = await prompt.question(`Delete the local cloud's images, results and logs in ${dir}? Type "${ANSWER}" to confirm: `);
    if (answer.trim() !== ANSWER) throw new DeployError('CONFIRMATION_REQUIRED', 'Not confirmed; nothing was deleted.');
  } finally {
    prompt.close();
  }
}
