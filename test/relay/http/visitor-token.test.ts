import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VISITOR_TOKEN_MAX_AGE_MS, createVisitorAuth, createVisitorTokens, newVisitorId } from '../../../relay/http/visitor-token';

const SECRET = 'a-secret-that-is-long-enough-0123456789';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same signature bytes spelled differently: the last character's two spare bits changed. */
function respell(token: string): string {
  const last = BASE64URL.indexOf(token.at(-1)!);
  return token.slice(0, -1) + BASE64URL[(last & ~3) | ((last + 1) & 3)];
}

describe('visitor tokens', () => {
  it('bind the visitor id and generation they were issued for', () => {
    const tokens = createVisitorTokens(SECRET);
    const id = newVisitorId();
    expect(tokens.verify(tokens.issue(id, 0))).toEqual({ visitorId: id, generation: 0 });
    expect(tokens.verify(tokens.issue(id, 7))).toEqual({ visitorId: id, generation: 7 });
  });

  it('are refused when signed with another secret', () => {
    const id = newVisitorId();
    const other = createVisitorTokens(`${SECRET}-other`).issue(id, 0);
    expect(createVisitorTokens(SECRET).verify(other)).toBeUndefined();
  });

  it('expire after their absolute lifetime, however often the visitor comes back, and are accepted just before it', () => {
    let now = 1_700_000_000_000;
    const tokens = createVisitorTokens(SECRET, () => now, 10_000);
    const visitorId = newVisitorId();
    const token = tokens.issue(visitorId, 0);
    now += 10_000;
    expect(tokens.verify(token)).toEqual({ visitorId, generation: 0 });
    now += 1;
    expect(tokens.verify(token)).toBeUndefined();
    expect(VISITOR_TOKEN_MAX_AGE_MS).toBe(30 * 24 * 3600_000);
  });

  it('are compared in their one canonical spelling, so a re-spelled signature is refused', () => {
    const tokens = createVisitorTokens(SECRET);
    const visitorId = newVisitorId();
    const token = tokens.issue(visitorId, 3);
    const respelled = respell(token);
    // Both spellings decode to the same 32 bytes; only the canonical one passes.
    expect(Buffer.from(respelled.split('.').at(-1)!, 'base64url')).toEqual(Buffer.from(token.split('.').at(-1)!, 'base64url'));
    expect(respelled).not.toBe(token);
    expect(tokens.verify(respelled)).toBeUndefined();
    expect(tokens.verify(token)).toEqual({ visitorId, generation: 3 });
  });

  it('still accept a token of the first format as generation 0 until it expires', () => {
    let now = 1_700_000_000_000;
    const id = newVisitorId();
    const payload = `v1.${id}.${now}`;
    const v1 = `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url')}`;
    const tokens = createVisitorTokens(SECRET, () => now, 10_000);
    expect(tokens.verify(v1)).toEqual({ visitorId: id, generation: 0 });
    expect(tokens.verify(respell(v1))).toBeUndefined();
    now += 10_001;
    expect(tokens.verify(v1)).toBeUndefined();
  });

  it('refuse tampered, truncated and malformed tokens', () => {
    const tokens = createVisitorTokens(SECRET);
    const token = tokens.issue(newVisitorId(), 3);
    const [v, id, gen, at, mac] = token.split('.') as [string, string, string, string, string];
    for (const bad of [
      `${v}.${id}.${gen}.${Number(at) + 1}.${mac}`,
      `${v}.${id}.4.${at}.${mac}`,
      `${v}.${id}.-1.${at}.${mac}`,
      `v1.${id}.${at}.${mac}`,
      `v3.${id}.${gen}.${at}.${mac}`,
      `${v}.${id}.${gen}.${at}`,
      `${v}.${id}.${gen}.${at}.${mac.slice(0, -1)}`,
      `${token}.extra`,
      '',
      undefined,
    ]) {
      expect(tokens.verify(bad)).toBeUndefined();
    }
  });

  it('makes unguessable 128-bit visitor ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, newVisitorId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('visitor authentication', () => {
  it('accepts only tokens of the visitor\'s current generation, and no token of a visitor the store does not know', async () => {
    const generations = new Map<string, number>();
    const auth = createVisitorAuth(createVisitorTokens(SECRET), { tokenGeneration: async (id) => generations.get(id) });
    const id = newVisitorId();
    generations.set(id, 0);
    const first = auth.issue(id, 0);
    expect(await auth.authenticate(first)).toEqual({ visitorId: id, generation: 0 });
    generations.set(id, 1);
    expect(await auth.authenticate(first)).toBeUndefined();
    expect(await auth.authenticate(auth.issue(id, 1))).toEqual({ visitorId: id, generation: 1 });
    generations.delete(id);
    expect(await auth.authenticate(auth.issue(id, 1))).toBeUndefined();
    expect(await auth.authenticate('garbage')).toBeUndefined();
  });
});
