// Seeded hostile input for fuzzing the relay: wrong types, huge and strange strings,
// prototype-pollution keys, broken JSON and bodies built by mutating valid ones. The same
// seed gives the same cases, so a failure can be replayed.

export type Rng = () => number;

/** mulberry32: a small, fast, seedable PRNG. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const STRINGS = [
  '', ' ', '0', '-1', '1e309', '99999999999999999999999', 'NaN', 'null', 'true', 'undefined', '[]', '{}',
  '\u0000', 'a\u0000b', '\u202eevil', '\ud800', '𝕏𝕏𝕏', '🙂'.repeat(40), '<script>alert(1)</script>',
  '../../etc/passwd', '%00%ff', '${7*7}', "'; DROP TABLE messages; --", '__proto__', 'constructor', 'prototype',
  'Bearer', 'v1.AAAAAAAAAAAAAAAAAAAAAA.1.xxx', '\r\nX-Injected: 1', 'ok',
];

export function hostileString(rng: Rng): string {
  const r = rng();
  if (r < 0.6) return pick(rng, STRINGS);
  if (r < 0.8) return pick(rng, ['a', 'я', '𝕏', '\u0000', '-']).repeat(pick(rng, [65, 257, 4001, 20_000]));
  return Array.from({ length: 1 + Math.floor(rng() * 40) }, () => String.fromCharCode(Math.floor(rng() * 0xffff))).join('');
}

/** Any JSON value, biased towards what breaks validators. */
export function hostileValue(rng: Rng, depth = 0): unknown {
  const r = rng();
  if (r < 0.1) return null;
  if (r < 0.2) return pick(rng, [true, false]);
  if (r < 0.35) return pick(rng, [0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 53]);
  if (r < 0.7 || depth > 3) return hostileString(rng);
  if (r < 0.85) return Array.from({ length: Math.floor(rng() * 4) }, () => hostileValue(rng, depth + 1));
  const obj: Record<string, unknown> = {};
  for (let i = Math.floor(rng() * 4); i > 0; i--) obj[pick(rng, ['id', 'text', 'profile', 'x', 'constructor', hostileString(rng).slice(0, 40)])] = hostileValue(rng, depth + 1);
  return obj;
}

/** Raw JSON text that tries prototype pollution through the parser. */
const POLLUTING = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"id":"p1","text":"x","__proto__":{"polluted":"yes"}}',
  '{"profile":{"__proto__":{"polluted":"yes"}}}',
  '{"attachments":[{"fileId":"a","__proto__":{"polluted":"yes"}}]}',
];
const BROKEN = ['{', '{"id":', '[]]', 'undefined', "{'id':'x'}", '{"id":"a",}', '\u0000', '{"a":1}{"b":2}', 'nul', '"\\ud800"', `${'['.repeat(5000)}${']'.repeat(5000)}`];

/** A body for an endpoint whose valid shape is `valid`: mutated, replaced, broken or polluting. */
export function hostileBody(rng: Rng, valid: Record<string, unknown>): string {
  const r = rng();
  if (r < 0.35) {
    const body: Record<string, unknown> = structuredClone(valid);
    const keys = Object.keys(body);
    const key = rng() < 0.8 && keys.length > 0 ? pick(rng, keys) : hostileString(rng).slice(0, 30);
    body[key] = hostileValue(rng);
    return JSON.stringify(body);
  }
  if (r < 0.55) return JSON.stringify(hostileValue(rng));
  if (r < 0.7) return pick(rng, POLLUTING);
  if (r < 0.85) return pick(rng, BROKEN);
  if (r < 0.95) return JSON.stringify({ ...valid, pad: 'x'.repeat(pick(rng, [60_000, 70_000, 200_000])) });
  return hostileString(rng);
}

export const CONTENT_TYPES = [
  'application/json', 'application/json', 'application/json', 'application/json; charset=utf-8',
  'application/json; charset=utf-16', 'application/json; charset=bogus', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/*', '', 'application/json, text/html',
];

/** Content-Encodings the relay can decode; bodies sent under them here are not encoded. */
export const ENCODINGS = ['gzip', 'br', 'deflate', 'GZIP'];

/** A query string of garbage for `names`. */
export function hostileQuery(rng: Rng, names: string[]): string {
  const parts: string[] = [];
  for (const name of names) {
    if (rng() < 0.4) continue;
    const value = rng() < 0.5 ? hostileString(rng).slice(0, 300) : String(Math.floor(rng() * 1e6) - 1000);
    parts.push(`${encode(rng() < 0.1 ? `${name}[]` : name)}=${encode(value)}`);
    if (rng() < 0.1) parts.push(`${name}=1`); // repeated parameter: an array in Express
  }
  if (rng() < 0.1) parts.push('__proto__[polluted]=yes', 'constructor[prototype][polluted]=yes');
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** encodeURIComponent that survives lone surrogates (sends a broken escape instead). */
export function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%E0%A4%A';
  }
}

/** Header values fetch will send (no CR/LF/NUL): Latin-1 only. */
export function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 2000);
}
