// Who may do what on /v1: a visitor's token only ever reaches its own mailbox whatever ids it
// names, forged, foreign, expired and future tokens are refused everywhere, rate limits answer
// 429 with Retry-After, and origins that are not listed get a 403 and no CORS grant.
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxEntry, SessionResponse } from '../../../protocol/relay-api';
import { startRelayStack, type RelayStack } from '../../helpers/relay-stack';
import { TEST_ORIGIN } from '../../helpers/test-config';
import { BROWSER_UA, startVisitor } from '../../integration/visitor';
import { hostileString, pick, seeded } from './hostile';
import { forgedTokens } from './tokens';

let stack: RelayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const get = (url: string, headers: Record<string, string>) => fetch(url, { headers: { 'user-agent': BROWSER_UA, ...headers } });
const texts = (entries: MailboxEntry[]) => entries.flatMap((e) => (e.type === 'message' ? [e.message.text] : []));

describe('visitor isolation', () => {
  it("never lets one visitor's token reach another visitor's mailbox, and refuses every forged token", async () => {
    stack = await startRelayStack();
    const url = stack.relay.url;
    const [a, b] = await Promise.all([startVisitor(url), startVisitor(url)]);
    expect((await b.send('shared-id', 'for B only')).status).toBe(202);

    // A names B everywhere it can; it still gets its own (empty) mailbox.
    const auth = { authorization: `Bearer ${a.token}` };
    for (const q of [`visitorId=${b.visitorId}`, `visitor=${b.visitorId}`, `token=${encodeURIComponent(b.token)}`, 'after=0&limit=500']) {
      const res = await get(`${url}/v1/messages?${q}`, auth);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { messages: MailboxEntry[] }).messages).toEqual([]);
    }
    // Re-using B's message id makes a message of A's own; B's stays as it was.
    expect((await a.send('shared-id', 'from A')).status).toBe(202);
    expect(texts(await a.mailbox())).toEqual(['from A']);
    expect(texts(await b.mailbox())).toEqual(['for B only']);
    // Resuming a session with A's token gives A, never B.
    const resumed = await fetch(`${url}/v1/sessions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({}) });
    expect(((await resumed.json()) as SessionResponse).visitorId).toBe(a.visitorId);

    const forged = forgedTokens(a.visitorId, b.visitorId, a.token);
    for (const [name, token] of Object.entries(forged)) {
      const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const answers = await Promise.all([
        get(`${url}/v1/messages`, bearer),
        get(`${url}/v1/events`, bearer),
        get(`${url}/v1/events?token=${encodeURIComponent(token)}`, {}),
        fetch(`${url}/v1/messages`, { method: 'POST', headers: bearer, body: JSON.stringify({ id: `forged-${name}`, text: 'x' }) }),
        fetch(`${url}/v1/sessions`, { method: 'POST', headers: bearer, body: '{}' }),
      ]);
      expect(answers.map((r) => `${name}:${r.status}`)).toEqual(answers.map(() => `${name}:401`));
    }
    // The query-string token is for EventSource only.
    expect((await get(`${url}/v1/messages?token=${encodeURIComponent(a.token)}`, {})).status).toBe(401);
    expect(texts(await b.mailbox())).toEqual(['for B only']);
  });
});

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a session, visitor or address limit is used up', async () => {
    stack = await startRelayStack({ env: { RELAY_RATE_SESSIONS_PER_MIN: '3', RELAY_RATE_VISITOR_PER_MIN: '5', RELAY_RATE_IP_PER_MIN: '12' } });
    const url = stack.relay.url;
    const session = () => fetch(`${url}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const sessions = [await session(), await session(), await session(), await session()];
    expect(sessions.map((r) => r.status)).toEqual([201, 201, 201, 429]);
    const expectLimited = async (res: Response) => {
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await res.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    };
    await expectLimited(sessions[3]!);

    const [one, two] = (await Promise.all(sessions.slice(0, 2).map((r) => r.json()))) as SessionResponse[];
    const list = (token: string) => get(`${url}/v1/messages`, { authorization: `Bearer ${token}` });
    const byOne = [];
    for (let i = 0; i < 6; i++) byOne.push((await list(one!.token)).status);
    expect(byOne).toEqual([200, 200, 200, 200, 200, 429]); // visitor limit: 5 a minute
    // 4 sessions + 6 lists = 10 from this address; the 13th request of any visitor is refused.
    expect([(await list(two!.token)).status, (await list(two!.token)).status]).toEqual([200, 200]);
    await expectLimited(await list(two!.token));
  });
});

describe('CORS', () => {
  it('refuses origins that are not listed with a 403 and grants none of them in a preflight', async () => {
    stack = await startRelayStack();
    const url = stack.relay.url;
    const visitor = await startVisitor(url);
    const rng = seeded(7);
    const origins = [
      'https://evil.example', 'null', 'https://shop.example.evil.example', 'http://shop.example', 'https://shop.example:8443',
      'https://xn--shop-example.example', 'file://', `${TEST_ORIGIN}/`, `${TEST_ORIGIN}.`,
      ...Array.from({ length: 40 }, () => `https://${pick(rng, ['a', 'shop', 'SHOP'])}.${hostileString(rng).replace(/[^a-z0-9.-]/gi, '').slice(0, 30) || 'x'}.example`),
    ];
    for (const origin of origins) {
      const plain = await get(`${url}/v1/messages`, { origin, authorization: `Bearer ${visitor.token}` });
      expect([origin, plain.status]).toEqual([origin, 403]);
      expect(plain.headers.get('access-control-allow-origin')).toBeNull();
      expect(await plain.json()).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
      const preflight = await fetch(`${url}/v1/messages`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    }
    const allowed = await get(`${url}/v1/messages`, { origin: TEST_ORIGIN, authorization: `Bearer ${visitor.token}` });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
  });
});
