import { createInterface } from 'node:readline/promises';
import { DeployError } from '../lib/engine/errors';

/** `down` asks on a terminal; anywhere else (CI, scripts) it needs --yes. */
export async function confirmDestroy(stack: string, region: string, yes: boolean, input = process.stdin, output = process.stderr): Promise<void> {
  if (yes) return;
  if (!input.isTTY) {
    throw new DeployError('CONFIRMATION_REQUIRED', `Refusing to delete stack "${stack}" without confirmation: add --yes when not on a terminal.`);
  }
  const prompt = createInterface({ input, output });
  try {
    const answer = await prompt.question(`Delete every resource of stack "${stack}" in ${region}? Type the stack name to confirm: `);
    if (answer.trim() !== stack) throw new DeployError('CONFIRMATION_REQUIRED', 'Not confirmed; nothing was deleted.');
  } finally {
    prompt.close();
  }
}
