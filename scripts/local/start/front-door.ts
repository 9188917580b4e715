import type { Settings } from '../../../config/schema';
import { API_ROUTES } from '../../lib/builders/api-definition';
import type { Paths } from '../../lib/engine/context';
import { startApiGateway } from '../api-gateway/server';
import type { Timeouts } from '../http/start-server';
import { LOCAL_ACCOUNT, LOCAL_HOST } from '../local-paths';
import { startSiteServer } from '../site-server';
import { startWithClosers } from './closers';
import type { Functions } from './functions';

export interface FrontDoor {
  siteUrl: string;
  apiUrl: string;
  close(): Promise<void>;
}

/** What the browser talks to besides S3: the API on `port + 1` and the page on `port`. */
export interface FrontDoorOptions {
  port: number;
  settings: Settings;
  functions: Functions;
  paths: Paths;
  siteOrigin: string;
  /** The S3 endpoint the page posts uploads to. */
  s3Url: string;
  log: (line: string) => void;
  timeouts?: Partial<Timeouts>;
}

export function startFrontDoor(options: FrontDoorOptions): Promise<FrontDoor> {
  const { settings, functions, log } = options;
  return startWithClosers(async (onClose) => {
    const api = await startApiGateway({
      port: options.port + 1,
      host: LOCAL_HOST,
      stage: 'prod',
      accountId: LOCAL_ACCOUNT,
      allowedOrigin: options.siteOrigin,
      throttle: { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit },
      log,
      timeouts: options.timeouts,
      routes: API_ROUTES.map((route) => ({ method: 'POST', path: route.path, invoke: (event) => functions[route.function].invoke(event) })),
    });
    onClose(() => api.close());
    const site = await startSiteServer({
      port: options.port,
      host: LOCAL_HOST,
      siteDir: options.paths.site,
      log,
      timeouts: options.timeouts,
      origins: { api: api.url, uploads: options.s3Url },
      config: { apiUrl: api.url, maxUploadBytes: settings.maxUploadBytes, uploadUrlExpirySeconds: settings.uploadUrlExpirySeconds, stack: settings.stack, region: settings.region },
    });
    onClose(() => site.close());
    return { siteUrl: `${site.url}/`, apiUrl: api.url };
  });
}
