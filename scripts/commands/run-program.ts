import { CommanderError, type Command } from 'commander';
import type { GlobalOptions } from './global-options';
import { USAGE_EXIT } from './exit-status';

/** Parses and runs; sets and resolves with the exit status (2 for usage errors). */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  let exitStatus = 0;
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) exitStatus = error.exitCode === 0 ? 0 : USAGE_EXIT;
    // Loaded only on failure: it brings in the engine, and `--help` must not wait for that.
    else exitStatus = (require('./run-context') as typeof import('./run-context')).reportFailure(error, program.opts<GlobalOptions>());
  }
  process.exitCode = exitStatus;
  return exitStatus;
}
