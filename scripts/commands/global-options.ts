import { Command } from 'commander';

/** The options every command takes. */
export interface GlobalOptions {
  stack?: string;
  region?: string;
  profile?: string;
  json?: boolean;
  verbose?: boolean;
}

/** A program (the CLI, or one step run directly) with the options every command takes. */
export function programWithGlobalOptions(name: string, description: string): Command {
  return (
    new Command(name)
      .description(description)
      .option('--stack <name>', 'stack name; every resource name starts with it (env REKOG_STACK, default "rekog")')
      .option('--region <region>', 'AWS region (env AWS_REGION, else the SDK chain, else us-east-1)')
      .option('--profile <name>', 'named AWS profile (env AWS_PROFILE)')
      .option('--json', 'print one JSON document on stdout and nothing else')
      .option('--verbose', 'print the underlying cause of errors')
      .showHelpAfterError('(run with --help for usage)')
      // Every command's --help lists these too; commands added later inherit the setting.
      .configureHelp({ showGlobalOptions: true })
      // Before the commands are added, so that they inherit it: usage errors end in runProgram() with exit status 2.
      .exitOverride()
  );
}
