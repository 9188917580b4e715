import { CommanderError, type Command } from 'commander';
import type { GlobalOptions } from './global-options';
import { reportFailure, USAGE_EXIT } from './run-context';

/** Parses and runs; sets and resolves with the exit status (2 for usage errors). */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  let exitStatus = 0;
  try {
    await program.parseAsync(argv);
  } catch (error) {
    exitStatus = error instanceof CommanderError ? (error.exitCode === 0 ? 0 : USAGE_EXIT) : reportFailure(error, program.opts<GlobalOptions>());
  }
  process.exitCode = exitStatus;
  return exitStatus;
}
