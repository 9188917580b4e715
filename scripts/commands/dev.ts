import { SettingsError } from '../../config/load';
import type { GlobalOptions } from './global-options';
import { loadLocalCloud, settingsFor } from './run-context';

export async function dev(globals: GlobalOptions, options: { port: string }): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 1 || port > 65533) throw new SettingsError(`Invalid --port "${options.port}": use a port number from 1 to 65533.`);
  await loadLocalCloud().runDev(await settingsFor(globals), port, Boolean(globals.json));
}
