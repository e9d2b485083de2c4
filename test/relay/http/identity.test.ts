// Signed identity on POST /v1/sessions: the same user gets the same visitor on every browser,
// a conversation begun before login continues, and every wrong hash (another secret, another
// user id, truncated, upper case, replayed for another user) changes nothing.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionResponse } from '../../../protocol/relay-api';
import { TEST_ORIGIN } from '../../helpers/test-config';
import { startHarness, type Harness } from '../app/harness';

const SECRET = 'identity-secret-for-tests-0123456789abcdef';
const hashOf = (userId: string, secret = SECRET) => createHmac('sha256', secret).update(userId).digest('hex');
const identity = (userId: string, userHash = hashOf(userId)) => ({ userId, userHash });

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(env: Record<string, string> = { RELAY_IDENTITY_SECRET: SECRET }) {
  h = await startHarness({ env });
  return h;
}

async function session(harness: Harness, body: unknown, token?: string) {
  const res = await harness.post('/v1/sessions', body, { origin: TEST_ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) });
  return { status: res.status, body: (await res.json()) as SessionResponse & { error?: { code: string } } };
}

describe('signed identity', () => {
  it('gives the same user the same visitor, history and token on two browsers, marked verified', async () => {
    const harness = await start();
    const laptop = await session(harness, { identity: identity('user-42'), profile: { name: 'Ada Lovelace', email: 'ada@shop.example' } });
    expect(laptop.status).toBe(201);
    expect(laptop.body.verified).toBe(true);
    expect((await harness.sendMessage(laptop.body.token, { id: 'from-laptop', text: 'hello' })).status).toBe(202);

    const phone = await session(harness, { identity: identity('user-42') });
    expect(phone.status).toBe(200);
    expect(phone.body).toMatchObject({ visitorId: laptop.body.visitorId, verified: true, lastSeq: 1 });
    const history = await fetch(`${harness.url}/v1/messages`, { headers: { authorization: `Bearer ${phone.body.token}` } });
    expect(((await history.json()) as { messages: { message?: { id: string } }[] }).messages.map((e) => e.message?.id)).toEqual(['from-laptop']);
    // The Kit client id is the visitor id: one per user.
    expect((await harness.store.getVisitor(laptop.body.visitorId))?.userId).toBe('user-42');
  });

  it('continues a conversation begun anonymously when the user logs in for the first time', async () => {
    const harness = await start();
    const anonymous = await harness.session();
    await harness.sendMessage(anonymous.token, { id: 'before-login', text: 'is this in stock?' });
    const login = await session(harness, { identity: identity('user-7') }, anonymous.token);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ visitorId: anonymous.visitorId, verified: true, lastSeq: 1 });
  });

  it('switches the browser to the visitor the user already has, leaving the anonymous one behind', async () => {
    const harness = await start();
    const first = await session(harness, { identity: identity('user-8') });
    const anonymous = await harness.session();
    const login = await session(harness, { identity: identity('user-8') }, anonymous.token);
    expect(login.body.visitorId).toBe(first.body.visitorId);
    expect((await harness.store.getVisitor(anonymous.visitorId))?.userId).toBeUndefined();
  });

  it("never hands one user's visitor to another user signing in on the same browser", async () => {
    const harness = await start();
    const alice = await session(harness, { identity: identity('alice') });
    const bob = await session(harness, { identity: identity('bob') }, alice.body.token);
    expect(bob.status).toBe(201);
    expect(bob.body.visitorId).not.toBe(alice.body.visitorId);
    expect(bob.body.lastSeq).toBe(0);
  });

  it('gives two browsers logging in at once one visitor between them', async () => {
    const harness = await start();
    const answers = await Promise.all(Array.from({ length: 5 }, () => session(harness, { identity: identity('racer') })));
    expect(new Set(answers.map((a) => a.body.visitorId)).size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
  });

  it('keeps a verified name and email from a self-declared profile, which may still add a phone', async () => {
    const harness = await start();
    const verified = await session(harness, { identity: identity('user-9'), profile: { name: 'Ada', email: 'ada@shop.example' } });
    const spoof = await session(harness, { profile: { name: 'Mallory', email: 'mallory@evil.example', phone: '+44 20 0000' } }, verified.body.token);
    expect(spoof.status).toBe(200);
    expect((await harness.store.getVisitor(verified.body.visitorId))?.profile).toEqual({ name: 'Ada', email: 'ada@shop.example', phone: '+44 20 0000' });
    // The site's own word (with the identity) may change them.
    await session(harness, { identity: identity('user-9'), profile: { email: 'ada@new.example' } }, spoof.body.token);
    expect((await harness.store.getVisitor(verified.body.visitorId))?.profile.email).toBe('ada@new.example');
  });

  describe('refuses with IDENTITY_INVALID, creating and changing nothing,', () => {
    const wrong: [string, { userId: string; userHash: string }][] = [
      ['a hash made with another secret', identity('user-1', hashOf('user-1', 'another-secret-of-some-other-site-000'))],
      ['a hash for another user id', identity('user-1', hashOf('user-2'))],
      ['a truncated hash', identity('user-1', hashOf('user-1').slice(0, 63))],
      ['a hash in upper case', identity('user-1', hashOf('user-1').toUpperCase())],
      ['an empty hash', identity('user-1', '')],
      ["one user's hash replayed with another user id", identity('victim', hashOf('attacker'))],
    ];
    for (const [what, given] of wrong) {
      it(what, async () => {
        const harness = await start();
        const anonymous = await harness.session();
        const before = await harness.store.getVisitor(anonymous.visitorId);
        const answer = await session(harness, { identity: given, profile: { name: 'Changed' } }, anonymous.token);
        expect([answer.status, answer.body.error?.code]).toEqual([401, 'IDENTITY_INVALID']);
        expect(JSON.stringify(answer.body)).not.toContain(hashOf(given.userId));
        expect(await harness.store.getVisitor(anonymous.visitorId)).toEqual(before);
        expect(await harness.store.userVisitor(given.userId)).toBeUndefined();
      });
    }
  });

  it('answers IDENTITY_NOT_CONFIGURED when the relay has no identity secret', async () => {
    const harness = await start({});
    const answer = await session(harness, { identity: identity('user-1') });
    expect([answer.status, answer.body.error?.code]).toEqual([400, 'IDENTITY_NOT_CONFIGURED']);
  });

  it('answers IDENTITY_REQUIRED to a session without an identity when RELAY_IDENTITY_REQUIRED=true', async () => {
    const harness = await start({ RELAY_IDENTITY_SECRET: SECRET, RELAY_IDENTITY_REQUIRED: 'true' });
    expect((await session(harness, {})).body.error?.code).toBe('IDENTITY_REQUIRED');
    const verified = await session(harness, { identity: identity('user-3') });
    expect(verified.status).toBe(201);
    // Resuming with the token alone is not enough either.
    expect((await session(harness, {}, verified.body.token)).body.error?.code).toBe('IDENTITY_REQUIRED');
    expect((await session(harness, { identity: identity('user-3') }, verified.body.token)).status).toBe(200);
  });

  it('treats reset as the logout: the next anonymous session is a fresh visitor, and logging in again returns the user\'s', async () => {
    const harness = await start();
    const login = await session(harness, { identity: identity('user-5') });
    const reset = await fetch(`${harness.url}/v1/sessions`, { method: 'DELETE', headers: { authorization: `Bearer ${login.body.token}` } });
    expect(reset.status).toBe(204);
    const anonymous = await session(harness, {});
    expect(anonymous.status).toBe(201);
    expect(anonymous.body.visitorId).not.toBe(login.body.visitorId);
    expect(anonymous.body.verified).toBeUndefined();
    expect((await session(harness, { identity: identity('user-5') })).body.visitorId).toBe(login.body.visitorId);
  });
});
