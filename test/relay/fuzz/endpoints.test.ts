// Hostile visitors against every /v1 endpoint over real HTTP: thousands of seeded malformed
// and oversized requests get clear 4xx answers (never a 5xx), the relay keeps running,
// nothing pollutes Object.prototype, and no secret shows up in a log or a response.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayStack, type RelayStack } from '../../helpers/relay-stack';
import { startVisitor, type Visitor } from '../../integration/visitor';
import { printFigures } from '../../chaos/figures';
import { createSecretWatch, expectNoLeaks } from '../../chaos/secret-watch';
import { CONTENT_TYPES, ENCODINGS, encode, headerSafe, hostileBody, hostileQuery, hostileString, pick, seeded, type Rng } from './hostile';
import { forgedTokens } from './tokens';

/** Thousands of requests on a 2-core machine shared with builds and browsers: room beyond the project's 20 s. */
const FUZZ_TIMEOUT_MS = 120_000;
const CASES = 3000;
/**
 * A name whose 1,024th UTF-16 unit is the first half of a surrogate pair, padded with what the
 * name sanitiser strips, so that half used to survive into the stored name (and its URL).
 */
const SPLIT_NAME = `${' '.repeat(1021)}ab😀.png`;
const PARALLEL = 16;
const ERROR_CODE = /^[A-Z][A-Z0-9_]*$/;

const watch = createSecretWatch();
let uninstall: (() => void) | undefined;
let stack: RelayStack;
let a: Visitor;
let b: Visitor;
beforeAll(async () => {
  uninstall = watch.install(() => stack?.sim.url);
  stack = await startRelayStack({ relayOptions: { log: watch.log } });
  [a, b] = await Promise.all([startVisitor(stack.relay.url), startVisitor(stack.relay.url)]);
  for (const v of [a, b]) watch.addVisitorToken(v.token);
});
afterAll(async () => {
  await stack?.close();
  uninstall?.();
});

/** The upload data files on the relay's disk. */
function storedFiles(): string[] {
  const dir = join(stack.dataDir, 'files');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.bin')).sort();
}

interface Case {
  label: string;
  path: string;
  init: RequestInit & { headers: Record<string, string> };
}

function authHeader(rng: Rng): Record<string, string> {
  const forged = forgedTokens(a.visitorId, b.visitorId, a.token);
  const r = rng();
  if (r < 0.25) return {};
  if (r < 0.5) return { authorization: `Bearer ${a.token}` };
  if (r < 0.75) return { authorization: `Bearer ${pick(rng, Object.values(forged))}` };
  return { authorization: headerSafe(pick(rng, ['Bearer', 'Bearer ', 'Basic YTpi', `bearer ${a.token} extra`, `Bearer ${hostileString(rng)}`])) };
}

function makeCase(rng: Rng, i: number): Case {
  const headers: Record<string, string> = { ...authHeader(rng) };
  const ct = pick(rng, CONTENT_TYPES);
  if (ct) headers['content-type'] = ct;
  // A compressed-body claim the bytes do not keep.
  if (rng() < 0.05) headers['content-encoding'] = pick(rng, ENCODINGS);
  const kind = pick(rng, ['session', 'message', 'list', 'events', 'upload', 'other'] as const);
  const label = `#${i} ${kind}`;
  switch (kind) {
    case 'session':
      return { label, path: '/v1/sessions', init: { method: 'POST', headers, body: hostileBody(rng, { profile: { name: 'Ann' }, locale: 'en' }) } };
    case 'message':
      return { label, path: '/v1/messages', init: { method: 'POST', headers, body: hostileBody(rng, { id: `fz-${i}`, text: 'hello' }) } };
    case 'list':
      return { label, path: `/v1/messages${hostileQuery(rng, ['after', 'before', 'limit', 'visitorId', 'token'])}`, init: { method: 'GET', headers } };
    case 'events':
      if (rng() < 0.5) headers['last-event-id'] = headerSafe(hostileString(rng));
      return { label, path: `/v1/events${hostileQuery(rng, ['after', 'token'])}`, init: { method: 'GET', headers } };
    case 'upload': {
      if (rng() < 0.5) headers['x-file-name'] = headerSafe(encode(hostileString(rng)));
      const name = rng() < 0.3 ? `?name=${encode(pick(rng, [SPLIT_NAME, hostileString(rng).slice(0, 300)]))}` : '';
      return { label, path: `/v1/uploads${name}`, init: { method: 'POST', headers, body: hostileString(rng).slice(0, 5000) } };
    }
    default: {
      const path = pick(rng, ['/v1/messages', '/v1/sessions', '/v1/events', '/v1/availability', `/v1/${encode(hostileString(rng).slice(0, 100))}`, '/v1/messages/1', '/v1']);
      const method = pick(rng, ['PUT', 'DELETE', 'PATCH', 'POST', 'GET']);
      // A logout with A's token would leave the rest of the run unauthenticated: B logs out instead.
      if (method === 'DELETE' && path === '/v1/sessions' && headers.authorization === `Bearer ${a.token}`) headers.authorization = `Bearer ${b.token}`;
      return { label, path, init: { method, headers, ...(rng() < 0.5 ? { body: hostileBody(rng, {}) } : {}) } };
    }
  }
}

/** Sends one case; returns a problem description, or undefined when the answer is fine. */
async function run(c: Case, statuses: Map<number, number>): Promise<string | undefined> {
  const abort = new AbortController();
  const init = { ...c.init, signal: abort.signal, ...(c.init.method === 'GET' || c.init.method === 'HEAD' ? { body: undefined } : {}) };
  const res = await fetch(`${stack.relay.url}${c.path}`, init);
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  if (res.status >= 500) return `${c.label}: ${res.status} ${await res.text()}`;
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    abort.abort();
    return undefined;
  }
  const text = await res.text();
  if (res.status < 400) return undefined;
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code !== 'string' || !ERROR_CODE.test(body.error.code) || typeof body.error.message !== 'string') {
      return `${c.label}: ${res.status} without a clear error body`;
    }
    if (res.status === 429 && !/^\d+$/.test(res.headers.get('retry-after') ?? '')) return `${c.label}: 429 without Retry-After`;
  } catch {
    return `${c.label}: ${res.status} body is not JSON`;
  }
  return undefined;
}

describe('hostile visitors on /v1', () => {
  it(`answers ${CASES} malformed, oversized and forged requests with clear 4xx codes and never a 5xx`, async () => {
    const rng = seeded(20_240_601);
    const cases = Array.from({ length: CASES }, (_, i) => makeCase(rng, i));
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    for (let i = 0; i < cases.length; i += PARALLEL) {
      const found = await Promise.all(cases.slice(i, i + PARALLEL).map((c) => run(c, statuses).catch((err: Error) => `${c.label}: ${err.message}`)));
      problems.push(...found.filter((p): p is string => p !== undefined));
    }
    printFigures(`fuzz ${CASES} /v1 requests`, Object.fromEntries([...statuses].sort(([x], [y]) => x - y).map(([s, n]) => [s, n])));
    expect(problems.slice(0, 10)).toEqual([]);
    expect((await fetch(`${stack.relay.url}/healthz`)).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(statuses.get(400) ?? 0).toBeGreaterThan(CASES / 10);
    await expectNoLeaks(watch, `secrets while fuzzed with ${CASES} requests`, { responses: CASES / 2 });
  }, FUZZ_TIMEOUT_MS);

  it('answers the shapes that once got a 500 with clear 4xx codes, storing nothing', async () => {
    const before = storedFiles();
    // A fresh visitor: the fuzzing above may well have logged A out (DELETE /v1/sessions).
    const fresh = await startVisitor(stack.relay.url);
    watch.addVisitorToken(fresh.token);
    const auth = { authorization: `Bearer ${fresh.token}` };
    const garbage = 'not compressed at all';
    const shapes: [string, string, RequestInit & { headers: Record<string, string> }, number, string][] = [
      ['split surrogate in ?name=', `/v1/uploads?name=${encodeURIComponent(SPLIT_NAME)}`, { method: 'POST', headers: auth, body: 'a text file' }, 400, 'INVALID_FILE_NAME'],
      ...ENCODINGS.flatMap((encoding): [string, string, RequestInit & { headers: Record<string, string> }, number, string][] => [
        [`${encoding} garbage to /v1/sessions`, '/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: garbage }, 400, 'INVALID_BODY'],
        [`${encoding} garbage to /v1/messages`, '/v1/messages', { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'content-encoding': encoding }, body: garbage }, 400, 'INVALID_BODY'],
        [`${encoding} garbage to /v1/uploads`, '/v1/uploads?name=a.txt', { method: 'POST', headers: { ...auth, 'content-encoding': encoding }, body: garbage }, 415, 'UNSUPPORTED_ENCODING'],
        [`${encoding} garbage to /kit/callback`, '/kit/callback', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding, authorization: '0123456789abcdef0123456789abcdef' }, body: garbage }, 400, 'INVALID_BODY'],
      ]),
    ];
    for (const [label, path, init, status, code] of shapes) {
      const res = await fetch(`${stack.relay.url}${path}`, init);
      const body = (await res.json()) as { error?: { code?: string } };
      expect([label, res.status, body.error?.code]).toEqual([label, status, code]);
    }
    expect(storedFiles()).toEqual(before);
    await expectNoLeaks(watch, 'secrets after the shapes that once got a 500', { responses: shapes.length });
  });
});
