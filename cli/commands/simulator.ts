// `kit-chat simulator`: the Kit simulator and its operator console, for integrators' own tests
// and demos. Flags set the channel's credentials and where callbacks go; the admin API and the
// console change the rest while it runs.
import { parseArgs } from 'node:util';
import { createKitSimulator } from '../../demo/kit-simulator/simulator';
import { untilStopped, type Command } from '../command';

export const SIMULATOR_DEFAULTS = {
  account: 'demo-shop',
  apiToken: 'demo-api-token',
  channelUuid: '3f6b2c1e-8a4d-4f7e-9b21-5c0d7e9a1b42',
  salt: 'demo-salt',
} as const;

export const simulatorCommand: Command = {
  name: 'simulator',
  summary: 'run the Kit simulator with its operator console',
  usage: `Usage: kit-chat simulator [options]
  --host <host>            bind address (default 127.0.0.1)
  --port <port>            port (default 8788; 0 picks a free one)
  --account <name>         Kit account name sent as "domain" (default ${SIMULATOR_DEFAULTS.account})
  --api-token <token>      the channel's API token (default ${SIMULATOR_DEFAULTS.apiToken})
  --channel-uuid <uuid>    channel UUID (default ${SIMULATOR_DEFAULTS.channelUuid})
  --salt <salt>            callback signing salt (default ${SIMULATOR_DEFAULTS.salt})
  --callback-url <url>     the relay's /kit/callback URL (default http://127.0.0.1:8787/kit/callback)
  --no-echo-bot            start with the echo bot off
  --help                   show this text

Prints "Kit simulator: <url>" and "Operator console: <url>" once it listens.`,

  async run({ args, stdout, stderr, signal }) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          host: { type: 'string', default: '127.0.0.1' },
          port: { type: 'string', default: '8788' },
          account: { type: 'string', default: SIMULATOR_DEFAULTS.account },
          'api-token': { type: 'string', default: SIMULATOR_DEFAULTS.apiToken },
          'channel-uuid': { type: 'string', default: SIMULATOR_DEFAULTS.channelUuid },
          salt: { type: 'string', default: SIMULATOR_DEFAULTS.salt },
          'callback-url': { type: 'string', default: 'http://127.0.0.1:8787/kit/callback' },
          'no-echo-bot': { type: 'boolean', default: false },
          help: { type: 'boolean', default: false },
        },
        strict: true,
      }));
    } catch (error) {
      stderr(`${(error as Error).message}\n\n${this.usage}\n`);
      return 2;
    }
    if (values.help) {
      stdout(`${this.usage}\n`);
      return 0;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      stderr(`--port must be a whole number from 0 to 65535\n\n${this.usage}\n`);
      return 2;
    }
    const callbackUrl = values['callback-url'];
    if (!/^https?:\/\//.test(callbackUrl) || !URL.canParse(callbackUrl)) {
      stderr('--callback-url must be an http(s) URL\n');
      return 2;
    }
    const line = (level: string) => (fields: object, message?: string) => stdout(`${JSON.stringify({ level, message, ...fields })}\n`);
    const simulator = await createKitSimulator({
      host: values.host,
      port,
      account: values.account,
      apiToken: values['api-token'],
      channelUuid: values['channel-uuid'],
      salt: values.salt,
      callbackUrl,
      echoBot: !values['no-echo-bot'],
      log: { info: line('info'), warn: line('warn') },
    });
    stdout(`Kit simulator: ${simulator.url}\nOperator console: ${simulator.consoleUrl}\n`);
    await untilStopped(signal);
    await simulator.close();
    return 0;
  },
};
