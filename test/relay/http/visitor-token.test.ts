import { describe, expect, it } from 'vitest';
import { VISITOR_TOKEN_MAX_AGE_MS, createVisitorTokens, newVisitorId } from '../../../relay/http/visitor-token';

const SECRET = 'a-secret-that-is-long-enough-0123456789';

describe('visitor tokens', () => {
  it('binds the visitor id it was issued for', () => {
    const tokens = createVisitorTokens(SECRET);
    const id = newVisitorId();
    expect(tokens.verify(tokens.issue(id))).toBe(id);
  });

  it('are refused when signed with another secret', () => {
    const id = newVisitorId();
    const other = createVisitorTokens(`${SECRET}-other`).issue(id);
    expect(createVisitorTokens(SECRET).verify(other)).toBeUndefined();
  });

  it('expire after the maximum age and are accepted just before it', () => {
    let now = 1_700_000_000_000;
    const tokens = createVisitorTokens(SECRET, () => now);
    const token = tokens.issue(newVisitorId());
    now += VISITOR_TOKEN_MAX_AGE_MS;
    expect(tokens.verify(token)).toBeDefined();
    now += 1;
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('refuse tampered, truncated and malformed tokens', () => {
    const tokens = createVisitorTokens(SECRET);
    const token = tokens.issue(newVisitorId());
    const [v, id, at, mac] = token.split('.') as [string, string, string, string];
    for (const bad of [
      `${v}.${id}.${Number(at) + 1}.${mac}`,
      `v2.${id}.${at}.${mac}`,
      `${v}.${id}.${at}`,
      `${v}.${id}.${at}.${mac.slice(0, -1)}`,
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
