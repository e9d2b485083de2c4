// The package's `kit-chat/relay` entry: read the configuration, then either mount the relay in
// an existing Express app (createRelay) or run it as its own server (startRelay). Only what a
// site needs is public; the parts behind it may change between versions.
import type { Logger } from 'pino';
import type { Config } from './config';
import { startRelay as start } from './main';
import type { Relay, StandaloneRelay } from './public-types';
import { createRelay as create } from './relay';

export { loadConfig, loadDotEnv } from './config';
export type { Config, Env, KitConfig, LoadOptions, LogLevel } from './config';
export { ConfigError } from './errors';
export type { Relay, RelayHandler, StandaloneRelay } from './public-types';

export interface RelayOptions {
  /** A pino logger to log to; by default one at config.logLevel on stdout. */
  log?: Logger;
  /** Where the built widget lives; defaults to the one in this package. */
  widgetDir?: string;
}

/**
 * The relay as middleware: `app.use('/support', createRelay(config).handler)`. Every route
 * works under the mount path; set RELAY_PUBLIC_URL to include it (https://shop.example/support).
 */
export function createRelay(config: Readonly<Config>, options: RelayOptions = {}): Relay {
  return create(config, options);
}

/** The relay as its own HTTP server on config.host:config.port. */
export async function startRelay(config: Readonly<Config>, options: RelayOptions = {}): Promise<StandaloneRelay> {
  const relay = await start(config, options);
  return { url: relay.url, close: () => relay.close() };
}
