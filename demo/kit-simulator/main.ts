// Runs the Kit simulator on its own for manual demos: `tsx demo/kit-simulator/main.ts --port 8788`.
// Flags override the defaults below; the operator console URL is printed on start.
import { parseArgs } from 'node:util';
import { createKitSimulator } from './simulator';

const HELP = `Usage: tsx demo/kit-simulator/main.ts [options]
  --host <host>            bind address (default 127.0.0.1)
  --port <port>            port (default 8788; 0 picks a free one)
  --account <name>         Kit account name sent as "domain" (default demo-shop)
  --api-token <token>      the channel's API token (default demo-api-token)
  --channel-uuid <uuid>    channel UUID (default 3f6b2c1e-8a4d-4f7e-9b21-5c0d7e9a1b42)
  --salt <salt>            callback signing salt (default demo-salt)
  --callback-url <url>     the relay's /kit/callback URL (default http://127.0.0.1:8787/kit/callback)
  --no-echo-bot            start with the echo bot off
  --help                   show this text`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8788' },
        account: { type: 'string', default: 'demo-shop' },
        'api-token': { type: 'string', default: 'demo-api-token' },
        'channel-uuid': { type: 'string', default: '3f6b2c1e-8a4d-4f7e-9b21-5c0d7e9a1b42' },
        salt: { type: 'string', default: 'demo-salt' },
        'callback-url': { type: 'string', default: 'http://127.0.0.1:8787/kit/callback' },
        'no-echo-bot': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail('--port must be an integer from 0 to 65535');

  const simulator = await createKitSimulator({
    host: values.host,
    port,
    account: values.account,
    apiToken: values['api-token'],
    channelUuid: values['channel-uuid'],
    salt: values.salt,
    callbackUrl: values['callback-url'],
    echoBot: !values['no-echo-bot'],
    log: {
      info: (fields, message) => process.stdout.write(`${JSON.stringify({ level: 'info', message, ...fields })}\n`),
      warn: (fields, message) => process.stdout.write(`${JSON.stringify({ level: 'warn', message, ...fields })}\n`),
    },
  });
  process.stdout.write(`Kit simulator: ${simulator.url}\nOperator console: ${simulator.consoleUrl}\n`);

  const shutdown = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
