// A fake relay transport and a widget factory for component and model tests.
import { vi } from 'vitest';
import type { Availability, ClientLimits, MailboxEntry, SendMessageRequest, SessionRequest, UploadResponse } from '../../protocol/relay-api';
import type { EmbedOptions } from '../../widget/loader/options';
import type { LoadChunk } from '../../widget/plugins/types';
import type { KitChatEvent } from '../../widget/public-api';
import { createWidget } from '../../widget/widget';
import { TransportError } from '../../widget/transport/errors';
import type { StreamOptions, Transport, UploadOptions } from '../../widget/transport/types';
import { createMemoryStore, type KeyValueStore } from '../../widget/util/storage';

/** A mailbox entry as the fake relay takes it: the fake gives it its seq. */
type NewMailboxEntry = MailboxEntry extends infer E ? (E extends MailboxEntry ? Omit<E, 'seq'> : never) : never;

export function createFakeTransport(limits: ClientLimits = { textMaxChars: 100, uploadMaxBytes: 1000, uploadTypes: [] }) {
  let seq = 0;
  const streams: StreamOptions[] = [];
  const sent: SendMessageRequest[] = [];
  const sessions: { body: SessionRequest; token?: string }[] = [];
  /** What the next session answers say about business hours. */
  let availability: Availability = { online: true };
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
  const transport = {
    startSession: vi.fn(async (body: SessionRequest, token?: string) => {
      sessions.push({ body, token });
      return { visitorId: 'visitor-1', token: 'token-1', lastSeq: seq, limits, availability };
    }),
    endSession: vi.fn(async (_token: string) => undefined),
    sendMessage: vi.fn(async (_token: string, body: SendMessageRequest) => {
      if (failSendWith) throw failSendWith;
      sent.push(body);
      return { id: body.id, seq: ++seq, status: 'accepted' as const };
    }),
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
    /** The latest stream: what the relay pushes. */
    get stream(): StreamOptions {
      const s = streams.at(-1);
      if (!s) throw new Error('no stream opened');
      return s;
    },
    push(entry: NewMailboxEntry) {
      this.stream.onEntry({ ...entry, seq: ++seq } as MailboxEntry);
    },
    agentSays(text: string, name = 'Anna Petrova') {
      this.push({ type: 'message', message: { id: `m${seq + 1}`, from: 'agent', text, sender: { name }, createdAt: new Date().toISOString() } });
    },
  };
}

export type FakeRelay = ReturnType<typeof createFakeTransport>;

/** The plug-in chunks as source modules: tests run without a build. */
export const loadChunkFromSource: LoadChunk = (name) =>
  (name === 'ru'
    ? Promise.all([import('../../widget/i18n/ru'), import('../../widget/plugins/locale')]).then(([m, p]) => p.localePlugin('ru', m.ru))
    : name === 'sound'
      ? import('../../widget/plugins/sound').then((m) => m.sound)
      : name === 'viewer'
        ? import('../../widget/plugins/viewer').then((m) => m.viewer)
        : import('../../widget/plugins/attach').then((m) => m.attach)) as never;

export const testOptions = (over: Partial<EmbedOptions> = {}): EmbedOptions => ({
  relayUrl: 'https://relay.test',
  assetsUrl: 'https://relay.test/widget',
  position: 'right',
  storage: 'memory',
  sound: false,
  title: 'Acme Support',
  ...over,
});

export function makeWidget(opts: { relay?: FakeRelay; store?: KeyValueStore; options?: Partial<EmbedOptions>; transport?: Transport } = {}) {
  const relay = opts.relay ?? createFakeTransport();
  const store = opts.store ?? createMemoryStore();
  const events: [KitChatEvent, unknown][] = [];
  const widget = createWidget({
    win: window,
    transport: opts.transport ?? relay.transport,
    store,
    options: testOptions(opts.options),
    emit: (event, payload) => events.push([event, payload]),
    loadChunk: loadChunkFromSource,
  });
  return { widget, relay, store, events };
}
