import { SettingsError } from '../../config/load';

/**
 * The local cloud cannot start because of how this machine is set up, not because of a bug: the
 * CLI prints the one line and exits 2, as for a bad setting.
 */
export class LocalCloudConflictError extends SettingsError {}

export class PortInUseError extends LocalCloudConflictError {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use on 127.0.0.1: stop what uses it, or start on other ports with --port <n> (the site uses n, the API n+1, S3 n+2).`);
  }
}
