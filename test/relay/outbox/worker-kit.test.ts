// The outbox worker with the real Kit client over HTTP: Kit outages and an expired JWT cost
// retries, never a lost or duplicated message.
import { afterEach, expect, it } from 'vitest';
import { createKitClient } from '../../../relay/kit/client';
import { createLogger } from '../../../relay/log';
import { startKitStandIn, type KitStandIn } from '../../helpers/kit-stand-in';
import { createMemoryTokenStore } from '../../helpers/memory-token-store';
import { createOutboxHarness, OUTBOX, until, type OutboxHarness } from './harness';

let h: OutboxHarness;
let kit: KitStandIn;
afterEach(async () => {
  await h?.close();
  await kit?.close();
});

it('delivers every message exactly once through Kit outages and an expired JWT', async () => {
  h = createOutboxHarness();
  const now = () => h.clock.t;
  kit = await startKitStandIn({ now });
  const client = createKitClient({
    kit: { account: kit.account, apiToken: kit.apiToken, channelUuid: kit.channelUuid, callbackSalt: 's', apiUrl: kit.url, signatureToken: 's', timeoutMs: 2000 },
    log: createLogger('silent'),
    tokens: createMemoryTokenStore(),
    now,
  });
  const events = [];
  for (const id of ['a1', 'a2', 'a3']) events.push(await h.accept('va', id));
  for (const id of ['b1', 'b2']) events.push(await h.accept('vb', id));
  kit.fail('send', { status: 503 }, { status: 429 }, { drop: true }, { status: 401 });
  const worker = h.worker({ kit: client, config: { ...OUTBOX, deadlineMs: 60 * 60_000 } });
  worker.start();

  await until(h, worker, () => kit.delivered.size === 5, 1000);
  client.close();

  expect([...kit.delivered.values()]).toEqual([1, 1, 1, 1, 1]);
  const order = kit.events.map((e) => e.event_data.message.message_id);
  expect(order.filter((id) => id.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
  expect(kit.events.map((e) => e.event_id).sort()).toEqual(events.map((e) => e.event_id).sort());
  expect(kit.counts).toEqual({ login: 1, refresh: 1, send: 9 });
});
