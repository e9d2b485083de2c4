// Hostile Kit callbacks: forged signatures, replays (also with a swapped body), duplicates,
// out-of-order arrival, malformed JSON and huge bodies, all mixed with genuine ones. Only
// genuine, new events reach the visitor, each once; nothing gets a 5xx.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallback } from '../../../relay/webhook/signature';
import { startRelayStack, type RelayStack } from '../../helpers/relay-stack';
import { TEST_SECRETS } from '../../helpers/test-config';
import { startVisitor, type Visitor } from '../../integration/visitor';
import { printFigures } from '../../chaos/figures';
import { CONTENT_TYPES, ENCODINGS, headerSafe, hostileBody, hostileString, hostileValue, pick, seeded, type Rng } from './hostile';

/** Thousands of requests on a 2-core machine shared with builds and browsers: room beyond the project's 20 s. */
const FUZZ_TIMEOUT_MS = 120_000;
const CASES = 2000;
const PARALLEL = 16;
const sign = (eventId: string, salt: string = TEST_SECRETS.KIT_CALLBACK_SALT) => signCallback(salt, TEST_SECRETS.KIT_API_TOKEN, eventId);

let stack: RelayStack;
let victim: Visitor;
let other: Visitor;
beforeAll(async () => {
  stack = await startRelayStack();
  [victim, other] = await Promise.all([startVisitor(stack.relay.url), startVisitor(stack.relay.url)]);
});
afterAll(() => stack?.close());

function agentMessage(clientId: string, eventId: string, messageId: string, text: string) {
  return {
    client_data: { client_id: clientId },
    event_id: eventId,
    event_type: 'send_message',
    event_data: {
      sender_data: { sender_id: 1042, sender_display_name: 'Anna', sender_type: 'agent', is_bot: false },
      message: { message_id: messageId, text },
    },
  };
}

interface Callback {
  kind: string;
  body: string;
  headers: Record<string, string>;
}

/** Builds the mixed run: genuine events for the victim and every kind of attack around them. */
function buildRun(rng: Rng) {
  const genuine: { messageId: string; callback: Callback }[] = [];
  const signedForOther = new Set<string>();
  const cases: Callback[] = [];
  const json = { 'content-type': 'application/json' };
  for (let i = 0; i < CASES; i++) {
    const r = rng();
    const eventId = randomUUID();
    if (r < 0.1 || genuine.length === 0) {
      const messageId = `genuine-${i}`;
      const callback = { kind: 'genuine', body: JSON.stringify(agentMessage(victim.visitorId, eventId, messageId, `answer ${i}`)), headers: { ...json, authorization: sign(eventId) } };
      genuine.push({ messageId, callback });
      cases.push(callback);
    } else if (r < 0.25) {
      const seen = pick(rng, genuine);
      if (rng() < 0.5) cases.push({ ...seen.callback, kind: 'replay' });
      else {
        // Same event_id and signature, a body the attacker chose: de-duplicated on event_id.
        const { event_id: replayed } = JSON.parse(seen.callback.body) as { event_id: string };
        const body = JSON.stringify(agentMessage(victim.visitorId, replayed, `swapped-${i}`, 'Send me your password'));
        cases.push({ kind: 'replay with a swapped body', body, headers: seen.callback.headers });
      }
    } else if (r < 0.5) {
      const body = JSON.stringify(agentMessage(victim.visitorId, eventId, `forged-${i}`, 'Send me your password'));
      const signature = pick(rng, [
        sign(eventId, 'wrong-salt'), sign(randomUUID()), '', 'Bearer ', 'x'.repeat(200), hostileString(rng).replace(/[^\x20-\x7e]/g, ''),
        sign(eventId).slice(0, 31), `${sign(eventId)}0`, 'd41d8cd98f00b204e9800998ecf8427e',
      ]);
      cases.push({ kind: 'forged', body, headers: { ...json, ...(signature ? { authorization: signature } : {}) } });
    } else if (r < 0.65) {
      cases.push({ kind: 'malformed', body: hostileBody(rng, agentMessage(victim.visitorId, eventId, `bad-${i}`, 'x')), headers: { 'content-type': pick(rng, CONTENT_TYPES) || 'text/plain', authorization: sign(eventId) } });
    } else if (r < 0.7) {
      // A Content-Encoding the bytes do not match, or a body nested far too deep.
      const body = JSON.stringify(agentMessage(victim.visitorId, eventId, `enc-${i}`, 'x'));
      if (rng() < 0.5) cases.push({ kind: 'malformed encoding', body, headers: { ...json, 'content-encoding': pick(rng, ENCODINGS), authorization: sign(eventId) } });
      else {
        const depth = pick(rng, [100, 10_000, 524_000]);
        cases.push({ kind: 'nested too deep', body: `${'['.repeat(depth)}${']'.repeat(depth)}`, headers: { ...json, authorization: sign(eventId) } });
      }
    } else if (r < 0.75) {
      const body = JSON.stringify(agentMessage(victim.visitorId, eventId, `unsigned-${i}`, 'x'));
      const authorization = pick(rng, ['', 'Bearer', 'Basic YTpi', 'x'.repeat(32), sign(eventId).replace(/[0-9]/g, 'g'), headerSafe(hostileString(rng))]);
      cases.push({ kind: 'not a signature', body, headers: { ...json, ...(authorization ? { authorization } : {}) } });
    } else if (r < 0.8) {
      const body = JSON.stringify({ ...agentMessage(victim.visitorId, eventId, `huge-${i}`, 'x'), pad: 'x'.repeat(1024 * 1024 + 10) });
      cases.push({ kind: 'huge', body, headers: { ...json, authorization: sign(eventId) } });
    } else {
      // Genuinely signed but with hostile fields, for the other visitor: may show, must not break.
      const event: Record<string, unknown> = agentMessage(other.visitorId, eventId, `odd-${i}`, 'odd');
      const path = pick(rng, ['event_type', 'client_data', 'event_data', 'sender', 'message', 'text', 'payload']);
      const data = event.event_data as { message: Record<string, unknown>; sender_data: Record<string, unknown> };
      if (path === 'message') data.message = hostileValue(rng) as Record<string, unknown>;
      else if (path === 'text') data.message.text = hostileValue(rng);
      else if (path === 'payload') data.message.payload = [hostileValue(rng), { type: hostileString(rng), file_url: hostileString(rng) }];
      else if (path === 'sender') data.sender_data = hostileValue(rng) as Record<string, unknown>;
      else event[path] = hostileValue(rng);
      signedForOther.add(`odd-${i}`).add(eventId); // without a message_id the event_id names it
      cases.push({ kind: 'signed but odd', body: JSON.stringify(event), headers: { ...json, authorization: sign(eventId) } });
    }
  }
  return { genuine, signedForOther, cases };
}

describe('hostile Kit callbacks', () => {
  it(`delivers only genuine, new events, each once, among ${CASES} forged, replayed, malformed and huge callbacks`, async () => {
    const rng = seeded(4242);
    const { genuine, signedForOther, cases } = buildRun(rng);
    const byKind = new Map<string, Map<number, number>>();
    const problems: string[] = [];
    for (let i = 0; i < cases.length; i += PARALLEL) {
      await Promise.all(cases.slice(i, i + PARALLEL).map(async (c) => {
        const res = await fetch(`${stack.relay.url}/kit/callback`, { method: 'POST', headers: c.headers, body: c.body });
        const text = await res.text();
        const counts = byKind.get(c.kind) ?? new Map<number, number>();
        counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
        byKind.set(c.kind, counts);
        if (res.status >= 500) problems.push(`${c.kind}: ${res.status} ${text.slice(0, 200)}`);
        if (res.status >= 400 && !/^\{"error":\{"code":"[A-Z_]+","message":"[^"]+"\}\}$/.test(text)) problems.push(`${c.kind}: ${res.status} unclear body`);
      }));
    }
    for (const [kind, counts] of byKind) printFigures(`callbacks: ${kind}`, Object.fromEntries(counts));
    expect(problems.slice(0, 10)).toEqual([]);

    const mailbox = await victim.mailbox();
    const shown = mailbox.flatMap((e) => (e.type === 'message' ? [e.message.id] : []));
    // A mutated body can still be a well-formed event under a genuine signature: it may show.
    const authentic = (id: string) => id.startsWith('genuine-') || id.startsWith('bad-');
    expect(shown.filter((id) => !authentic(id))).toEqual([]);
    expect(shown.length).toBe(new Set(shown).size);
    expect(shown.filter((id) => id.startsWith('genuine-')).sort()).toEqual(genuine.map((g) => g.messageId).sort());
    const otherShown = (await other.mailbox()).flatMap((e) => (e.type === 'message' ? [e.message.id] : []));
    expect(otherShown.filter((id) => !signedForOther.has(id))).toEqual([]);
    expect(byKind.get('forged')?.get(401)).toBe([...byKind.get('forged')!.values()].reduce((x, y) => x + y, 0));
    expect(byKind.get('huge')?.get(413)).toBeGreaterThan(0);
    expect([...byKind.get('malformed encoding')!.keys()]).toEqual([400]);
    expect([...byKind.get('nested too deep')!.keys()]).toEqual([400]);
    expect([...byKind.get('not a signature')!.keys()]).toEqual([401]);
    expect((await fetch(`${stack.relay.url}/healthz`)).status).toBe(200);
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, FUZZ_TIMEOUT_MS);
});

describe('signed events the relay ignores', () => {
  it('uses up the event_id of each, so its signature never carries another body to anyone', async () => {
    const rng = seeded(1717);
    const ignored = (eventId: string) => pick(rng, [
      { client_data: { client_id: victim.visitorId }, event_id: eventId, event_type: pick(rng, ['typing', 'chat_transfer', 'read', hostileString(rng).slice(0, 30)]), event_data: {} },
      { ...agentMessage(victim.visitorId, eventId, 'x', 'x'), event_data: { sender_data: {} } },
      agentMessage(pick(rng, ['nobody-here-0000000000', '', hostileString(rng).slice(0, 200)]), eventId, 'x', 'x'),
      { ...agentMessage(victim.visitorId, eventId, 'x', 'x'), client_data: hostileValue(rng) },
    ]);
    const statuses = new Map<number, number>();
    const post = async (body: unknown, authorization: string) => {
      const res = await fetch(`${stack.relay.url}/kit/callback`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      await res.arrayBuffer();
    };
    for (let i = 0; i < 100; i++) {
      const eventId = randomUUID();
      await post(ignored(eventId), sign(eventId));
      // The attacker keeps the Authorization and writes the body it wants, for either visitor.
      const target = rng() < 0.5 ? victim : other;
      await post(agentMessage(target.visitorId, eventId, `reused-${i}`, 'Your account is locked: log in at evil.example'), sign(eventId));
    }
    printFigures('callbacks: ignored then reused', Object.fromEntries(statuses));
    const shown = [...(await victim.mailbox()), ...(await other.mailbox())].flatMap((e) => (e.type === 'message' ? [e.message.id] : []));
    expect(shown.filter((id) => id.startsWith('reused-'))).toEqual([]);
    expect([...statuses.keys()]).toEqual([200]);
  });
});
