// Watches a fault run for leaked secrets: keeps every relay log line and every response the
// relay gave (headers and bodies, seen through a wrapped global fetch), learns the Kit tokens
// the simulator issued from its login/refresh answers, and reports any secret found anywhere.
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createLogger, type Logger } from '../../relay/log';
import { startRelayStack, type RelayStack, type RelayStackOptions } from '../helpers/relay-stack';
import { TEST_SECRETS } from '../helpers/test-config';
import { printFigures } from './figures';

/** JWT-shaped strings (header.payload.signature, base64url JSON): none may appear in a log. */
const JWT_SHAPE = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/;
const SSE_TYPE = /text\/event-stream/i;

export interface SecretWatch {
  /** A relay logger at info level whose lines are kept. */
  log: Logger;
  /** Keeps log text from elsewhere (a child relay's stdout). */
  addLog(text: string): void;
  /** Keeps text the relay sent that the fetch wrapper cannot see (event stream entries). */
  addResponse(text: string): void;
  /** A visitor token, allowed only in the session answer that issued it. */
  addVisitorToken(token: string): void;
  /** Wraps globalThis.fetch until the returned function is called. */
  install(kitUrl: () => string | undefined): () => void;
  /** Every leak found (empty when clean), and what was scanned. */
  leaks(fixedSecrets: string[]): Promise<{ leaks: string[]; logLines: number; responses: number; kitTokens: number }>;
  /** Forgets everything kept so far, so the next check covers one test's traffic. */
  reset(): void;
}

/**
 * Asserts, inside the test that made the traffic, that no secret leaked and that the watch saw
 * at least the given amounts (so a watch that saw nothing cannot pass as clean).
 */
export async function expectNoLeaks(
  watch: SecretWatch,
  label: string,
  least: { logLines?: number; responses?: number; kitTokens?: number } = {},
): Promise<void> {
  const report = await watch.leaks([TEST_SECRETS.KIT_API_TOKEN, TEST_SECRETS.KIT_CALLBACK_SALT, TEST_SECRETS.RELAY_SECRET]);
  printFigures(label, { 'log lines': report.logLines, responses: report.responses, 'Kit tokens issued': report.kitTokens, leaks: report.leaks.length });
  expect(report.leaks).toEqual([]);
  expect(report.logLines).toBeGreaterThanOrEqual(least.logLines ?? 0);
  expect(report.responses).toBeGreaterThanOrEqual(least.responses ?? 0);
  expect(report.kitTokens).toBeGreaterThanOrEqual(least.kitTokens ?? 0);
}

export function createSecretWatch(): SecretWatch {
  const logs: string[] = [];
  const responses: { url: string; text: string; issuedToken?: string }[] = [];
  const pending: Promise<void>[] = [];
  const kitTokens = new Set<string>();
  const visitorTokens = new Set<string>();
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });

  function harvestKitTokens(text: string): void {
    try {
      const result = (JSON.parse(text) as { result?: Record<string, unknown> }).result;
      for (const key of ['access_token', 'refresh_token']) {
        const value = result?.[key];
        if (typeof value === 'string' && value.length >= 16) kitTokens.add(value);
      }
    } catch {
      /* not a token answer */
    }
  }

  return {
    log: createLogger('info', sink),
    addLog: (text) => void logs.push(text),
    addResponse: (text) => void responses.push({ url: 'stream', text }),
    addVisitorToken: (token) => void visitorTokens.add(token),
    install(kitUrl) {
      const original = globalThis.fetch;
      globalThis.fetch = async (input, init) => {
        const res = await original(input, init);
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const kit = kitUrl();
        if (kit && url.startsWith(kit)) {
          if (url.includes('/api/v3/botService/')) pending.push(res.clone().text().then(harvestKitTokens, () => {}));
          return res;
        }
        const head = JSON.stringify([...res.headers]);
        if (SSE_TYPE.test(res.headers.get('content-type') ?? '')) {
          responses.push({ url, text: head });
          return res;
        }
        pending.push(
          res.clone().text().then(
            (body) => {
              const issued = url.endsWith('/v1/sessions') ? issuedToken(body) : undefined;
              responses.push({ url, text: `${head}\n${body}`, ...(issued ? { issuedToken: issued } : {}) });
            },
            () => {},
          ),
        );
        return res;
      };
      return () => {
        globalThis.fetch = original;
      };
    },
    async leaks(fixedSecrets) {
      await Promise.allSettled(pending);
      const found: string[] = [];
      const logText = logs.join('');
      const everywhere = [...fixedSecrets.map((s) => ['fixed secret', s] as const), ...[...kitTokens].map((t) => ['Kit token', t] as const)];
      for (const [what, secret] of everywhere) {
        if (logText.includes(secret)) found.push(`${what} in a log line`);
        const at = responses.find((r) => r.text.includes(secret));
        if (at) found.push(`${what} in a response from ${new URL(at.url, 'http://x').pathname}`);
      }
      if (JWT_SHAPE.test(logText)) found.push('a JWT-shaped string in a log line');
      for (const token of visitorTokens) {
        if (logText.includes(token)) found.push('a visitor token in a log line');
        const at = responses.find((r) => r.issuedToken !== token && r.text.includes(token));
        if (at) found.push(`a visitor token in a response from ${new URL(at.url, 'http://x').pathname}`);
      }
      return { leaks: [...new Set(found)], logLines: logText.split('\n').length - 1, responses: responses.length, kitTokens: kitTokens.size };
    },
    reset() {
      logs.length = 0;
      responses.length = 0;
      pending.length = 0;
      kitTokens.clear();
      visitorTokens.clear();
    },
  };
}

/**
 * For a test file: one secret watch, emptied before each test so each test checks its own
 * traffic, and a relay stack per test that logs through the watch and is closed after the test.
 */
export function useWatchedStack(): { watch: SecretWatch; start(options?: RelayStackOptions): Promise<RelayStack> } {
  const watch = createSecretWatch();
  let uninstall: (() => void) | undefined;
  let stack: RelayStack | undefined;
  beforeAll(() => {
    uninstall = watch.install(() => stack?.sim.url);
  });
  beforeEach(() => watch.reset());
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });
  afterAll(() => uninstall?.());
  return {
    watch,
    async start(options = {}) {
      stack = await startRelayStack({ ...options, relayOptions: { ...options.relayOptions, log: watch.log } });
      return stack;
    },
  };
}

/** The token a /v1/sessions answer hands out, if any (a DELETE answers 204 with no body). */
function issuedToken(body: string): string | undefined {
  try {
    const token = (JSON.parse(body) as { token?: unknown } | null)?.token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}
