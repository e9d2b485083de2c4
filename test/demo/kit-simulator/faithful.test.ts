// The simulator's answers where Kit's documentation stops (docs/kit-api.md §2.5, §6): 429 with
// Retry-After for an over-eager sender, HTTP 200 with success:false, and a burst of callbacks
// delivered at once and out of order.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKitSimulator, type KitSimulator } from '../../../demo/kit-simulator/simulator';
import { CREDS, jwtFor, send, sendEvent } from './helpers';

let sim: KitSimulator;
let server: Server | undefined;
afterEach(async () => {
  await sim?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('an over-eager sender', () => {
  it('gets 429 with Retry-After past the per-second limit, and the send is not recorded', async () => {
    sim = await createKitSimulator({ ...CREDS });
    sim.faults.set({ rateLimitPerSecond: 2 });
    const jwt = await jwtFor(sim.url);
    const answers = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await fetch(`${sim.url}/${CREDS.channelUuid}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
        body: JSON.stringify(sendEvent({ messageId: `m-${i}` })),
      });
      answers.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() });
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[2]).toEqual({ status: 429, retryAfter: '1', body: { success: false, result: { error: 'Too many requests', code: 429 } } });
    expect(sim.stats()).toMatchObject({ sends: 2, sendsRateLimited: 1 });
    expect(sim.sendAttempts().map((a) => [a.messageId, a.status, a.retryAfterS])).toEqual([['m-0', 200, undefined], ['m-1', 200, undefined], ['m-2', 429, 1]]);
  });
});

describe('HTTP 200 with success:false', () => {
  it('answers sends with Kit\'s error shape and the chosen code, recording nothing', async () => {
    sim = await createKitSimulator({ ...CREDS });
    sim.faults.set({ successFalseCode: 503 });
    const answer = await send(sim.url, await jwtFor(sim.url), sendEvent({ clientId: 'cust-5', messageId: 'soft' }));
    expect(answer).toEqual({ status: 200, body: { success: false, result: { error: 'Event not accepted', code: 503 } } });
    expect(sim.conversation('cust-5')).toBeUndefined();
    expect(() => sim.faults.set({ successFalseCode: 42 })).toThrow(/three-digit/);
  });
});

describe('a burst of callbacks', () => {
  it('arrives at once and out of order, each once', async () => {
    const arrived: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    server = createServer((req, res) => {
      if (req.method === 'GET') return void res.end('OK');
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        arrived.push(JSON.parse(Buffer.concat(chunks).toString('utf8')).event_data.message.text);
        setTimeout(() => {
          inFlight -= 1;
          res.end('OK');
        }, 30);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    sim = await createKitSimulator({ ...CREDS, callbackUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/kit/callback` });
    expect((await send(sim.url, await jwtFor(sim.url), sendEvent({ clientId: 'cust-6' }))).status).toBe(200);

    const texts = Array.from({ length: 12 }, (_v, i) => `Part ${i + 1}`);
    const outcomes = await sim.burst('cust-6', texts.map((text) => ({ text })));
    expect(outcomes.every((o) => o.delivered)).toBe(true);
    expect([...arrived].sort()).toEqual([...texts].sort());
    expect(arrived).not.toEqual(texts);
    expect(mostInFlight).toBeGreaterThan(1);
    // The conversation keeps the operator's order; only the deliveries were shuffled.
    expect(sim.conversation('cust-6')!.messages.slice(1).map((m) => m.text)).toEqual(texts);

    const viaAdmin = await fetch(`${sim.url}/admin/clients/cust-6/burst`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 3 }) });
    expect(viaAdmin.status).toBe(202);
    await sim.callbacksIdle();
    expect(arrived).toHaveLength(15);
    expect((await fetch(`${sim.url}/admin/clients/cust-6/burst`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 500 }) })).status).toBe(400);
  });
});
