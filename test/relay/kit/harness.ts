// Shared set-up for Kit client tests: a stand-in Kit, a fake clock both sides share, a token
// cache, a pino logger writing into a buffer, and the onCall hook's record.
import type { KitConfig } from '../../../relay/config';
import type { KitError } from '../../../relay/errors';
import { createKitClient, type KitClient } from '../../../relay/kit/client';
import type { KitIncomingEvent } from '../../../protocol/kit-api';
import { createLogger } from '../../../relay/log';
import { startKitStandIn, type KitStandIn, type KitStandInOptions } from '../../helpers/kit-stand-in';
import { createMemoryTokenStore, type MemoryTokenStore } from '../../helpers/memory-token-store';

export interface Harness {
  kit: KitStandIn;
  store: MemoryTokenStore;
  clock: { t: number; advance(ms: number): void };
  logs: string[];
  calls: { op: string; ok: boolean; code?: string }[];
  client(overrides?: Partial<KitConfig>): KitClient;
  close(): Promise<void>;
}

export async function startHarness(options: KitStandInOptions = {}): Promise<Harness> {
  const clock = { t: Date.UTC(2025, 0, 1), advance: (ms: number) => void (clock.t += ms) };
  const now = () => clock.t;
  const kit = await startKitStandIn({ ...options, now });
  const logs: string[] = [];
  const log = createLogger('trace', { write: (line: string) => void logs.push(line) });
  const clients: KitClient[] = [];
  const harness: Harness = {
    kit,
    store: createMemoryTokenStore(),
    clock,
    logs,
    calls: [],
    client(overrides = {}) {
      const client = createKitClient({
        kit: { account: kit.account, apiToken: kit.apiToken, channelUuid: kit.channelUuid, callbackSalt: 'salt',
          apiUrl: kit.url, signatureToken: kit.apiToken, timeoutMs: 2000, ...overrides },
        log,
        tokens: harness.store,
        now,
        random: () => 0.5,
        onCall: (op, _seconds, ok, code) => void harness.calls.push({ op, ok, ...(code ? { code } : {}) }),
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const c of clients) c.close();
      await kit.close();
    },
  };
  return harness;
}

export function event(messageId: string, clientId = 'visitor-1'): KitIncomingEvent {
  return {
    event_type: 'send_message',
    event_id: `event-${messageId}`,
    client_data: { client_id: clientId },
    event_data: { message: { message_id: messageId, text: `text of ${messageId}` } },
  };
}

/** The settled rejection of a promise (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<KitError> {
  try {
    await promise;
  } catch (err) {
    return err as KitError;
  }
  throw new Error('expected a rejection');
}
