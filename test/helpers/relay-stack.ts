// The whole loop in one process for tests and benchmarks: a Kit simulator and a relay on
// ephemeral loopback ports, a temporary data dir, and the simulator's callback URL wired to
// the relay. More relays can join the same data dir (restart) or the same Redis (scale-out).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKitSimulator, type KitSimulator, type KitSimulatorOptions } from '../../demo/kit-simulator/simulator';
import { loadConfig, type Config, type Env } from '../../relay/config';
import { startRelay, type RunningRelay, type StartOptions } from '../../relay/main';
import { TEST_SECRETS, testEnv } from './test-config';

export const STACK_KIT = {
  account: 'acme-integration',
  channelUuid: '7c2e4b1a-9d3f-4e6a-8b5c-1f0a2d3e4c5b',
} as const;

/** Quick retries everywhere, so outage tests take milliseconds, not minutes. */
export const FAST_RELAY_ENV: Env = {
  RELAY_OUTBOX_BACKOFF_BASE_MS: '20',
  RELAY_OUTBOX_BACKOFF_MAX_MS: '200',
  RELAY_RATE_VISITOR_PER_MIN: '100000',
  RELAY_RATE_IP_PER_MIN: '100000',
  RELAY_RATE_SESSIONS_PER_MIN: '100000',
  RELAY_RATE_RESUMES_PER_MIN: '100000',
  RELAY_RATE_CALLBACK_REFUSED_PER_MIN: '100000',
  RELAY_STREAMS_PER_IP: '100000',
};

export interface RelayStackOptions {
  /** Extra relay environment (RELAY_*, REDIS_URL, …) on top of the test defaults. */
  env?: Env;
  /** Simulator options on top of the stack's credentials. */
  simulator?: Partial<KitSimulatorOptions>;
  relayOptions?: StartOptions;
}

export interface RelayStack {
  sim: KitSimulator;
  /** The relay the simulator's callbacks go to (the latest one started, unless moved). */
  relay: RunningRelay;
  config: Readonly<Config>;
  dataDir: string;
  /** Starts one more relay with the stack's environment (same data dir, secret and Kit). */
  addRelay(env?: Env): Promise<RunningRelay>;
  /** Points the simulator's callbacks at this relay. */
  routeCallbacksTo(relay: RunningRelay): void;
  /** Closes every relay still open, then the simulator, and removes the data dir. */
  close(): Promise<void>;
}

export async function startRelayStack(options: RelayStackOptions = {}): Promise<RelayStack> {
  const sim = await createKitSimulator({
    account: STACK_KIT.account,
    apiToken: TEST_SECRETS.KIT_API_TOKEN,
    channelUuid: STACK_KIT.channelUuid,
    salt: TEST_SECRETS.KIT_CALLBACK_SALT,
    callbackRetry: { attempts: 5, baseDelayMs: 50, timeoutMs: 2_000 },
    ...options.simulator,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-stack-'));
  const defaults = testEnv();
  rmSync(defaults.RELAY_DATA_DIR!, { recursive: true, force: true }); // replaced by dataDir below
  const baseEnv: Env = {
    ...defaults,
    KIT_ACCOUNT: STACK_KIT.account,
    KIT_CHANNEL_UUID: STACK_KIT.channelUuid,
    KIT_API_URL: sim.url,
    RELAY_PORT: '0',
    RELAY_HOST: '127.0.0.1',
    RELAY_DATA_DIR: dataDir,
    ...FAST_RELAY_ENV,
    ...options.env,
  };
  const relays = new Set<RunningRelay>();

  const stack: RelayStack = {
    sim,
    relay: undefined as unknown as RunningRelay,
    config: loadConfig(baseEnv),
    dataDir,
    async addRelay(env = {}) {
      const relay = await startRelay(loadConfig({ ...baseEnv, ...env }), options.relayOptions);
      relays.add(relay);
      const close = relay.close;
      relay.close = async () => {
        relays.delete(relay);
        await close();
      };
      return relay;
    },
    routeCallbacksTo(relay) {
      stack.relay = relay;
      sim.setCallbackUrl(`${relay.url}/kit/callback`);
    },
    async close() {
      await Promise.allSettled([...relays].map((r) => r.close()));
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    stack.routeCallbacksTo(await stack.addRelay());
  } catch (err) {
    await stack.close();
    throw err;
  }
  return stack;
}
