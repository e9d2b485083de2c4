// `npm start`: builds the widget, then runs the relay, the demo site and — unless real KIT_*
// credentials are set — the Kit simulator with its operator console, all on this machine.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pino } from 'pino';
import { ConfigError } from '../relay/errors';
import { KIT_REQUIRED, loadConfig, loadDemoOptions, loadDotEnv, type Env } from '../relay/config';
import { createLogger } from '../relay/log';
import { startRelay } from '../relay/main';
import { createKitSimulator } from './kit-simulator/simulator';
import { startDemoSite } from './site/server';

/** Fixed demo credentials, so a restarted demo reuses the relay's data dir cleanly. */
const SIMULATED_KIT = {
  KIT_ACCOUNT: 'demo-account',
  KIT_API_TOKEN: 'demo-api-token-not-a-secret',
  KIT_CHANNEL_UUID: '0b9f5a52-3c1e-4d6a-9f7e-5d2c8b1a4e60',
  KIT_CALLBACK_SALT: 'demo-salt-not-a-secret',
};

function buildWidget(): void {
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}${result.stderr}\nThe widget build failed; see above.\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  loadDotEnv();
  const demo = loadDemoOptions();
  const env: Env = { ...process.env };
  const realKit = KIT_REQUIRED.every((name) => env[name]?.trim());
  const siteOrigin = `http://${demo.host}:${demo.sitePort}`;
  env.RELAY_ALLOWED_ORIGINS = [env.RELAY_ALLOWED_ORIGINS, siteOrigin].filter(Boolean).join(',');
  // The terminal gets the friendly lines below; the relay's JSON log goes to a file, unless
  // LOG_LEVEL asks for it here.
  const logToFile = !env.LOG_LEVEL?.trim();

  buildWidget();

  const simulator = realKit
    ? undefined
    : await createKitSimulator({
      account: SIMULATED_KIT.KIT_ACCOUNT,
      apiToken: SIMULATED_KIT.KIT_API_TOKEN,
      channelUuid: SIMULATED_KIT.KIT_CHANNEL_UUID,
      salt: SIMULATED_KIT.KIT_CALLBACK_SALT,
      host: demo.host,
      port: demo.simulatorPort,
      echoBot: false,
    });
  // The simulator serves operators' files from this machine, which the relay fetches from
  // nowhere private unless told (RELAY_MEDIA_ALLOWED_HOSTS).
  if (simulator) env.RELAY_MEDIA_ALLOWED_HOSTS = [env.RELAY_MEDIA_ALLOWED_HOSTS, new URL(simulator.url).host].filter(Boolean).join(',');
  const config = loadConfig(env, {
    requireKit: realKit,
    kitDefaults: simulator ? { ...SIMULATED_KIT, KIT_API_URL: simulator.url } : {},
  });
  const logFile = logToFile ? join(config.dataDir, 'relay.log') : undefined;
  const log = logFile ? createLogger(config.logLevel, pino.destination({ dest: logFile, mkdir: true, sync: true })) : undefined;
  const relay = await startRelay(config, { log });
  simulator?.setCallbackUrl(`${relay.url}/kit/callback`);
  const site = await startDemoSite({ relayUrl: relay.url, host: demo.host, port: demo.sitePort });

  console.log(`Demo site: ${site.url}/`);
  console.log(simulator
    ? `Operator console: ${simulator.consoleUrl}`
    : 'Operator console: your Voximplant Kit workspace (real Kit credentials are set)');
  console.log(simulator
    ? '\nRunning against the LOCAL KIT SIMULATOR: no KIT_* credentials are set, nothing reaches Voximplant.'
    : `\nRunning against REAL Voximplant Kit at ${config.kit.apiUrl} (account ${config.kit.account}).`);
  console.log(`Relay: ${relay.url} (widget at ${relay.url}/widget.js, data in ${config.dataDir})`);
  if (logFile) console.log(`Relay log: ${logFile} (set LOG_LEVEL to see it here instead)`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping…');
    await Promise.allSettled([site.close(), relay.close(), simulator?.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    const placeholders = error.problems.filter((p) => p.problem.includes('placeholder')).map((p) => p.variable);
    if (placeholders.length > 0) {
      console.error(`Set ${placeholders.join(', ')} in .env to your own values, or delete those lines to run the demo against the local Kit simulator.`);
    }
  }
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`A port the demo needs is taken (${(error as Error).message}). Set DEMO_SITE_PORT, DEMO_SIMULATOR_PORT or RELAY_PORT.`);
  } else console.error(error);
  process.exit(1);
});
