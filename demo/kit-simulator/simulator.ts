// createKitSimulator: a local fake of the Voximplant Kit custom channel (docs/kit-api.md) with an
// operator console, fault injection and an echo bot, drivable over HTTP and programmatically.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Response } from 'express';
import { BUILT, DIST_DIR } from '../../relay/assets';
import { adminRoutes, type StreamEvent } from './admin-routes';
import { CallbackSender, DEFAULT_CALLBACK_RETRY } from './callbacks';
import { ConversationStore } from './conversations';
import { Faults } from './faults';
import { fileRoutes, SimulatorFiles } from './files';
import { kitRoutes } from './kit-routes';
import { Operator } from './operator';
import { sendTestRequest, type TestRequestOutcome } from './test-request';
import { TokenIssuer } from './tokens';
import type { CallbackOutcome, CloseReason, Conversation, KitSimulatorOptions, ReplyInput, SendAttempt, SimulatorStats } from './types';

export type { KitSimulatorOptions } from './types';
export type { TestRequestOutcome } from './test-request';
export { signCallback } from './callbacks';
export { SimulatorError } from './operator';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Visitor attachments are shown as thumbnails straight from the relay's file URLs.
  "img-src 'self' blob: http: https:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface KitSimulator {
  /** Base URL of the fake Kit host, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  consoleUrl: string;
  close(): Promise<void>;
  /**
   * Sets the Callback URL as saving the channel in Kit does, which sends Kit's test request to
   * it; resolves with that request's outcome (never rejects; undefined when the URL is unset).
   */
  setCallbackUrl(url: string | undefined): Promise<TestRequestOutcome | undefined>;
  /** The outcome of the last test request, if any was sent. */
  lastTestRequest(): TestRequestOutcome | undefined;
  /** Signs callbacks (and test requests) with another token than the API token; undefined goes back to it. */
  setSigningToken(token: string | undefined): 'api-token' | 'other-token';
  faults: Pick<Faults, 'set' | 'clear' | 'current' | 'expireTokensNow'>;
  stats(): SimulatorStats;
  /** Every conversation, oldest first (copies). */
  conversations(): Conversation[];
  /** A client's latest conversation (a copy). */
  conversation(clientId: string): Conversation | undefined;
  /** Replies as the agent (or the bot); resolves once the callback is delivered or given up. */
  reply(clientId: string, input: ReplyInput): Promise<CallbackOutcome & { messageId: string }>;
  /** Replies whose callbacks are delivered all at once and out of order; resolves once all are delivered or given up. */
  burst(clientId: string, inputs: ReplyInput[]): Promise<(CallbackOutcome & { messageId: string })[]>;
  /** Every send that passed the schema (newest last, bounded), with how it was answered. */
  sendAttempts(): SendAttempt[];
  closeConversation(clientId: string, reason?: CloseReason): Promise<CallbackOutcome>;
  setEchoBot(enabled: boolean): void;
  /** Resolves when no callback is queued or being retried. */
  callbacksIdle(): Promise<void>;
}

/** The console's files: beside this module in the sources, dist/simulator/console/ in the build. */
const CONSOLE_DIR = BUILT ? join(DIST_DIR, 'simulator', 'console') : fileURLToPath(new URL('./console/', import.meta.url));

function emptyStats(): SimulatorStats {
  return {
    logins: 0, loginFailures: 0, refreshes: 0, refreshFailures: 0, sends: 0, sendsRejected: 0,
    sendsByMessageId: Object.create(null) as Record<string, number>,
    callbacksSent: 0, callbackAttempts: 0, callbacksFailed: 0, sendsRateLimited: 0,
  };
}

export async function createKitSimulator(options: KitSimulatorOptions): Promise<KitSimulator> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

  let callbackUrl = options.callbackUrl;
  let signingToken = options.signingToken;
  let testRequest: TestRequestOutcome | undefined;
  const listeners = new Set<(event: StreamEvent) => void>();
  const emit = (event: StreamEvent) => listeners.forEach((listener) => listener(event));
  const stats = emptyStats();
  const attempts: SendAttempt[] = [];
  const now = options.now ?? Date.now;
  const tokens = new TokenIssuer({
    channelUuid: options.channelUuid, account: options.account, now,
    accessTtlMs: options.accessTtlMs ?? 15 * 60_000,
    refreshTtlMs: options.refreshTtlMs ?? 24 * 60 * 60_000,
  });
  const faults = new Faults(() => emit({ type: 'settings' }), (all) => tokens.expireAll(all));
  const store = new ConversationStore((clientId) => emit({ type: 'client', clientId }));
  const callbacks = new CallbackSender({
    salt: options.salt, signingToken: () => signingToken ?? options.apiToken, stats, log: options.log,
    retry: { ...DEFAULT_CALLBACK_RETRY, ...options.callbackRetry },
    callbackUrl: () => callbackUrl,
    duplicate: () => faults.current().duplicateCallbacks,
  });
  const operator = new Operator({
    store, callbacks,
    agent: {
      id: 1042, username: 'anna.petrova', displayName: 'Anna Petrova', email: 'anna.petrova@example.com', ...options.agent,
    },
    botAvatarUrl: `${url}/console/bot.svg`,
    echoBot: options.echoBot ?? false,
    echoDelayMs: options.echoDelayMs ?? 900,
    onSettings: () => emit({ type: 'settings' }),
  });

  const snapshotStats = (): SimulatorStats => ({
    ...stats, sendsByMessageId: Object.fromEntries(Object.entries(stats.sendsByMessageId)),
  });
  const retry = { ...DEFAULT_CALLBACK_RETRY, ...options.callbackRetry };
  const setCallbackUrl = async (next: string | undefined) => {
    callbackUrl = next;
    emit({ type: 'settings' });
    if (!next) return undefined;
    const outcome = await sendTestRequest(next, options.salt, signingToken ?? options.apiToken, retry.timeoutMs, options.log);
    if (callbackUrl === next) {
      testRequest = outcome;
      emit({ type: 'settings' });
    }
    return outcome;
  };
  const setSigningToken = (token: string | undefined): 'api-token' | 'other-token' => {
    signingToken = token === options.apiToken ? undefined : token;
    emit({ type: 'settings' });
    return signingToken === undefined ? 'api-token' : 'other-token';
  };
  const streams = new Set<Response>();
  const files = new SimulatorFiles(url);

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set('x-content-type-options', 'nosniff');
    res.set('referrer-policy', 'no-referrer');
    next();
  });
  app.get('/', (_req, res) => res.redirect('/console/'));
  app.use('/console', (_req, res, next) => {
    res.set('content-security-policy', CONSOLE_CSP);
    res.set('cache-control', 'no-cache');
    next();
  }, express.static(CONSOLE_DIR, { index: 'index.html', fallthrough: false }));
  app.use(fileRoutes(files));
  app.use('/admin', adminRoutes({
    store, operator, faults, streams, setCallbackUrl, setSigningToken, files,
    stats: snapshotStats,
    state: () => ({
      account: options.account, channelUuid: options.channelUuid, kitUrl: url,
      callbackUrl: callbackUrl ?? null, echoBot: operator.echoBot, faults: faults.current(), stats: snapshotStats(),
      // Which token signs, never the token itself.
      signsWith: signingToken === undefined ? 'api-token' : 'other-token',
      testRequest: testRequest ?? null,
    }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  }));
  app.use(kitRoutes({
    account: options.account, apiToken: options.apiToken, channelUuid: options.channelUuid,
    tokens, faults, stats, attempts, log: options.log, now,
    onEvent: (event) => operator.receive(event),
  }));
  server.on('request', app);
  // Creating the simulator with a Callback URL is saving the channel with one.
  if (callbackUrl) void setCallbackUrl(callbackUrl);

  return {
    url,
    consoleUrl: `${url}/console/`,
    faults,
    setCallbackUrl,
    lastTestRequest: () => testRequest,
    setSigningToken,
    stats: snapshotStats,
    conversations: () => store.all(),
    conversation: (clientId) => store.history(clientId)?.at(-1),
    async reply(clientId, input) {
      const { message, delivery } = operator.reply(clientId, input);
      return { ...(await delivery), messageId: message.id };
    },
    async burst(clientId, inputs) {
      const sent = operator.burst(clientId, inputs);
      return Promise.all(sent.map(async ({ message, delivery }) => ({ ...(await delivery), messageId: message.id })));
    },
    sendAttempts: () => attempts.map((a) => ({ ...a })),
    async closeConversation(clientId, reason = 'CLOSED_BY_AGENT') {
      return operator.close(clientId, reason);
    },
    setEchoBot: (enabled) => operator.setEchoBot(enabled),
    callbacksIdle: () => callbacks.idle(),
    async close() {
      operator.stop();
      callbacks.stop();
      listeners.clear();
      for (const res of streams) res.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
