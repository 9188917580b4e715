import type { Step } from './step';

/** `npx tsx scripts/01-create-role.ts [--stack x]` runs that step as `rekog-deploy create-role` would. */
export function runStepDirectly(step: Step): void {
  // Required here, not at the top, because the CLI itself imports every step.
  const { main } = require('../cli') as typeof import('../cli');
  void main([process.argv[0], process.argv[1], step.name, ...process.argv.slice(2)]);
}
