// `kit-chat relay`: the relay as its own server, configured from the environment and `.env` in
// the working directory. Refuses to start, naming the variables, when the configuration is
// incomplete. Without the widget bundle (sources not built yet) it starts anyway: the API works,
// /widget.js answers 404 WIDGET_NOT_BUILT and the log warns once (relay/relay.ts).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../../relay/config';
import { ConfigError } from '../../relay/errors';
import { startRelay } from '../../relay/main';
import { untilStopped, type Command } from '../command';

export const relayCommand: Command = {
  name: 'relay',
  summary: 'run the relay, configured from the environment and ./.env',
  usage: `Usage: kit-chat relay

Starts the relay with the configuration in the environment and in .env of the current
directory (the environment wins). Every variable is listed in the README and .env.example.
Stops gracefully on SIGINT or SIGTERM: answers the requests in flight (for up to 5 s), then
exits 0. A second SIGINT or SIGTERM while it does so stops it at once.`,

  async run({ args, env, cwd, stdout, stderr, signal }) {
    const { values } = parseArgs({ args, options: { help: { type: 'boolean' } }, strict: true });
    if (values.help) {
      stdout(`${this.usage}\n`);
      return 0;
    }
    loadDotEnv(join(cwd, '.env'), env);
    let config;
    try {
      config = loadConfig(env, { requireKit: true });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      stderr(`${err.message}\n`);
      return 1;
    }
    let relay;
    try {
      relay = await startRelay(config);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      stderr(`The relay's address is taken (${config.host}:${config.port}): set RELAY_PORT or RELAY_HOST.\n`);
      return 1;
    }
    const reason = await untilStopped(signal);
    relay.log.info({ signal: reason }, 'relay shutting down');
    await relay.close();
    return 0;
  },
};
