// A fake relay transport and a widget factory for component and model tests.
import { vi } from 'vitest';
import type { Availability, ClientLimits, MailboxEntry, MessagesQuery, SendMessageRequest, SendMessageResponse, SessionRequest, SessionResponse, UploadResponse } from '../../protocol/relay-api';
import type { EmbedOptions } from '../../widget/loader/options';
import type { LoadChunk } from '../../widget/plugins/types';
import type { KitChatEvent } from '../../widget/public-api';
import { createWidget } from '../../widget/widget';
import { errorForStatus, TransportError } from '../../widget/transport/errors';
import { RETRY } from '../../widget/transport/http';
import type { StreamOptions, Transport, UploadOptions } from '../../widget/transport/types';
import { createMemoryStore, type KeyValueStore } from '../../widget/util/storage';
import type { Reply, ScriptedRelay } from './scripted-relay';

/** A mailbox entry as the fake relay takes it: the fake gives it its seq. */
type NewMailboxEntry = MailboxEntry extends infer E ? (E extends MailboxEntry ? Omit<E, 'seq'> : never) : never;

/**
 * What the real transport (transport/http.ts) hands the models for a relay's reply: the body of a
 * success, repeats by ky's rule (RETRY; without waiting out a Retry-After), then a TransportError.
 * transport-contract.test.ts holds both transports to one table of cases.
 */
async function asTransport<T>(ask: () => Reply, repeatable: boolean): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const reply = ask();
    const again = repeatable && attempt < RETRY.limit;
    if (reply === 'hang') throw new TransportError('TIMEOUT');
    if (reply === 'drop') {
      if (again) continue;
      throw new TransportError('NETWORK');
    }
    if (reply.status < 300) return reply.body as T;
    if (again && (RETRY.statusCodes as readonly number[]).includes(reply.status)) continue;
    throw errorForStatus(reply.status, (reply.body as { error?: { code?: string } }).error?.code);
  }
}

export function createFakeTransport(limits: ClientLimits = { textMaxChars: 100, uploadMaxBytes: 1000, uploadTypes: [] }) {
  let seq = 0;
  const streams: StreamOptions[] = [];
  const sent: SendMessageRequest[] = [];
  const sessions: { body: SessionRequest; token?: string }[] = [];
  /** What the next session answers say about business hours. */
  let availability: Availability = { online: true };
  /** Every entry the fake relay holds, for paging back (GET /v1/messages?before=). */
  const mailbox: MailboxEntry[] = [];
  /** Uploads in flight, answered by the test: progress, finish or fail. */
  const uploads: {
    file: File;
    options: UploadOptions;
    aborted: boolean;
    finish(): void;
    fail(error: TransportError): void;
  }[] = [];
  /** Replaces the relay's answer to the next sends. */
  let failSendWith: TransportError | null = null;
  /** A scripted relay that answers sessions and sends in place of the fake's own answers. */
  let scripted: ScriptedRelay | null = null;
  const transport = {
    startSession: vi.fn(async (body: SessionRequest, token?: string) => {
      sessions.push({ body, token });
      // Only a resume (with a token) is repeated, as POST /v1/sessions makes a new visitor otherwise.
      if (scripted) return asTransport<SessionResponse>(() => scripted!.session(token), token !== undefined);
      return { visitorId: 'visitor-1', token: 'token-1', lastSeq: seq, limits, availability };
    }),
    endSession: vi.fn(async (_token: string) => undefined),
    sendMessage: vi.fn(async (_token: string, body: SendMessageRequest) => {
      if (failSendWith) throw failSendWith;
      if (scripted) return asTransport<SendMessageResponse>(() => scripted!.message(_token, body), true);
      sent.push(body);
      const entry = { seq: ++seq, type: 'message' as const, message: { id: body.id, from: 'visitor' as const, text: body.text, createdAt: new Date().toISOString(), status: 'accepted' as const } };
      mailbox.push(entry);
      return { id: body.id, seq: entry.seq, status: 'accepted' as const };
    }),
    availability: vi.fn(async () => availability),
    openStream: vi.fn((options: StreamOptions) => {
      streams.push(options);
      options.onState('connecting');
      return { retryNow: vi.fn(), close: vi.fn() };
    }),
    uploadFile: vi.fn(
      (_token: string, file: File, options: UploadOptions = {}) =>
        new Promise<UploadResponse>((resolve, reject) => {
          const n = uploads.length + 1;
          const upload = {
            file,
            options,
            aborted: false,
            finish: () => resolve({ fileId: `f${n}`, url: `https://relay.test/files/f${n}/${encodeURIComponent(file.name)}`, name: file.name, size: file.size, type: file.type }),
            fail: reject,
          };
          options.signal?.addEventListener('abort', () => {
            upload.aborted = true;
            reject(new TransportError('ABORTED'));
          });
          uploads.push(upload);
        }),
    ),
  } satisfies Transport;
  return {
    transport,
    sent,
    sessions,
    streams,
    uploads,
    setAvailability(next: Availability) {
      availability = next;
    },
    failSends(error: TransportError | null) {
      failSendWith = error;
    },
    /** Sessions and sends go to `relay`, answered as the real transport would answer them. */
    answerFrom(relay: ScriptedRelay) {
      scripted = relay;
    },
    /** The latest stream: what the relay pushes. */
    get stream(): StreamOptions {
      const s = streams.at(-1);
      if (!s) throw new Error('no stream opened');
      return s;
    },
    mailbox,
    /** GET /v1/messages over the fake relay's mailbox. */
    listMessages: vi.fn(async (_token: string, query: MessagesQuery) => {
      const limit = query.limit ?? 100;
      const inRange = mailbox.filter((e) => e.seq < (query.before ?? Infinity) && e.seq > (query.after ?? 0));
      return { messages: query.before !== undefined ? inRange.slice(-limit) : inRange.slice(0, limit), lastSeq: seq };
    }),
    push(entry: NewMailboxEntry) {
      const full = { ...entry, seq: ++seq } as MailboxEntry;
      mailbox.push(full);
      this.stream.onEntry(full);
    },
    /** Entries the relay holds without pushing them (an earlier conversation, another device). */
    hold(entry: NewMailboxEntry) {
      mailbox.push({ ...entry, seq: ++seq } as MailboxEntry);
    },
    agentSays(text: string, name = 'Anna Petrova') {
      this.push({ type: 'message', message: { id: `m${seq + 1}`, from: 'agent', text, sender: { name }, createdAt: new Date().toISOString() } });
    },
  };
}

export type FakeRelay = ReturnType<typeof createFakeTransport>;

/** The plug-in chunks as source modules: tests run without a build. */
const LOCALE_SOURCES = { ru: () => import('../../widget/i18n/ru'), de: () => import('../../widget/i18n/de'), es: () => import('../../widget/i18n/es'), fr: () => import('../../widget/i18n/fr'), pt: () => import('../../widget/i18n/pt') };
const PART_SOURCES = {
  sound: () => import('../../widget/plugins/sound').then((m) => m.sound),
  viewer: () => import('../../widget/plugins/viewer').then((m) => m.viewer),
  attach: () => import('../../widget/plugins/attach').then((m) => m.attach),
  rich: () => import('../../widget/plugins/rich').then((m) => m.rich),
  away: () => import('../../widget/plugins/away').then((m) => m.away),
  prechat: () => import('../../widget/plugins/prechat').then((m) => m.prechat),
  menu: () => import('../../widget/plugins/menu').then((m) => m.menu),
  older: () => import('../../widget/plugins/older').then((m) => m.older),
  greeting: () => import('../../widget/plugins/greeting').then((m) => m.greeting),
  closed: () => import('../../widget/plugins/closed').then((m) => m.closed),
};
export const loadChunkFromSource: LoadChunk = (name) =>
  (name in LOCALE_SOURCES
    ? Promise.all([LOCALE_SOURCES[name as keyof typeof LOCALE_SOURCES](), import('../../widget/plugins/locale')]).then(([m, p]) =>
        p.localePlugin(name as keyof typeof LOCALE_SOURCES, (m as unknown as Record<string, never>)[name]!),
      )
    : PART_SOURCES[name as keyof typeof PART_SOURCES]()) as never;

export const testOptions = (over: Partial<EmbedOptions> = {}): EmbedOptions => ({
  relayUrl: 'https://relay.test',
  assetsUrl: 'https://relay.test/widget',
  position: 'right',
  storage: 'memory',
  sound: false,
  title: 'Acme Support',
  ...over,
  data: { ...over.data },
});

/** Widget errors (render crashes, `error` events) no test declared; test/widget/setup.ts fails the test on them. */
const unexpectedErrors: unknown[] = [];
let expectedErrors: ((error: unknown) => boolean)[] = [];

/** Where widget tests send the widget's errors: `<App onError={failOnError}>` and the `error` event. */
export function failOnError(error: unknown): void {
  if (!expectedErrors.some((matches) => matches(error))) unexpectedErrors.push(error);
}

/** Declares an error, by its code, that this test expects the widget to report (for the rest of the test). */
export function expectWidgetError(code: string): void {
  expectedErrors.push((error) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code);
}

/** The errors reported since the last call that no test expected; forgets what was expected. */
export function takeUnexpectedErrors(): unknown[] {
  expectedErrors = [];
  return unexpectedErrors.splice(0);
}

export function makeWidget(opts: { relay?: FakeRelay; store?: KeyValueStore; options?: Partial<EmbedOptions>; transport?: Transport; loadChunk?: LoadChunk } = {}) {
  const relay = opts.relay ?? createFakeTransport();
  const store = opts.store ?? createMemoryStore();
  const events: [KitChatEvent, unknown][] = [];
  const widget = createWidget({
    win: window,
    transport: opts.transport ?? relay.transport,
    store,
    options: testOptions(opts.options),
    emit: (event, payload) => {
      events.push([event, payload]);
      if (event === 'error') failOnError(payload);
    },
    loadChunk: opts.loadChunk ?? loadChunkFromSource,
  });
  return { widget, relay, store, events };
}
