// Visitor messages not yet accepted by the relay, kept in storage so a message typed offline
// is sent after the network (or a reload) brings the widget back. Each send reuses its id,
// which the relay de-duplicates, so a message goes out exactly once.
import type { Attachment, UploadResponse } from '../../protocol/relay-api';
import type { Chat } from './chat';
import type { Session } from './session';
import type { KeyValueStore } from '../util/storage';
import { kindOf } from '../util/files';
import { newId } from '../util/id';
import { TransportError } from '../transport/errors';
import type { Transport } from '../transport/types';

/** An uploaded attachment as a message carries it: the relay's id plus what the bubble shows. */
export type SentFile = Attachment & { fileId: string };

export interface OutboxEntry {
  id: string;
  text: string;
  createdAt: string;
  files?: SentFile[];
}

const toSentFile = (u: UploadResponse): SentFile => ({ fileId: u.fileId, kind: kindOf(u.type), url: u.url, name: u.name, size: u.size, type: u.type });
const shown = (files: SentFile[] | undefined) => files?.map(({ fileId: _, ...a }) => a);

const KEY = 'outbox';

export type Outbox = ReturnType<typeof createOutbox>;

export function createOutbox(deps: {
  transport: Transport;
  session: Session;
  chat: Chat;
  store: KeyValueStore;
  isOnline: () => boolean;
  onError: (error: unknown) => void;
  now?: () => Date;
}) {
  const { transport, session, chat, store } = deps;
  const now = deps.now ?? (() => new Date());
  const inFlight = new Set<string>();
  // Read before each change: another tab may have changed the stored list.
  const read = () => store.get<OutboxEntry[]>(KEY) ?? [];
  const write = (list: OutboxEntry[]) => (list.length ? store.set(KEY, list) : store.remove(KEY));
  const drop = (id: string) => {
    const list = read();
    if (list.some((e) => e.id === id)) write(list.filter((e) => e.id !== id));
  };

  async function deliver(entry: OutboxEntry): Promise<void> {
    if (inFlight.has(entry.id)) return;
    inFlight.add(entry.id);
    chat.upsert({ ...local(entry), delivery: 'sending' });
    try {
      let token = await session.ensure();
      const body = { id: entry.id, ...(entry.text ? { text: entry.text } : {}), ...(entry.files?.length ? { attachments: entry.files.map((f) => ({ fileId: f.fileId })) } : {}) };
      const send = () => transport.sendMessage(token, body);
      const res = await send().catch(async (error) => {
        if (!(error instanceof TransportError && error.code === 'UNAUTHORIZED')) throw error;
        token = await session.renew();
        return send();
      });
      drop(entry.id);
      const current = chat.find(entry.id);
      const seq = Number.isSafeInteger(res?.seq) ? res.seq : current?.seq;
      const delivery = current?.delivery === 'delivered' || res?.status === 'delivered' ? 'delivered' : res?.status === 'failed' ? 'failed' : 'accepted';
      chat.upsert({ id: entry.id, from: 'visitor', createdAt: entry.createdAt, seq, delivery, remoteFailed: delivery === 'failed' });
    } catch (error) {
      // Unreachable relay: the message waits in the outbox for the network or the stream to
      // come back. Anything else needs the visitor (Retry).
      const waiting = error instanceof TransportError && error.code === 'NETWORK';
      if (!waiting) {
        drop(entry.id);
        deps.onError(error);
      }
      chat.upsert({ id: entry.id, from: 'visitor', createdAt: entry.createdAt, delivery: waiting ? 'pending' : 'failed' });
    } finally {
      inFlight.delete(entry.id);
    }
  }

  const local = (entry: OutboxEntry) =>
    ({ id: entry.id, from: 'visitor', text: entry.text, createdAt: entry.createdAt, attachments: shown(entry.files), files: entry.files }) as const;

  function queue(entry: OutboxEntry): Promise<void> {
    write([...read().filter((e) => e.id !== entry.id), entry]);
    if (!deps.isOnline()) {
      chat.upsert({ ...local(entry), delivery: 'pending' });
      return Promise.resolve();
    }
    return deliver(entry);
  }

  return {
    /** Sends text and uploaded files as a new message; false when it is empty or over the limit. */
    send(text: string, uploads: UploadResponse[] = []): boolean {
      const body = text.trim();
      if ((!body && !uploads.length) || [...body].length > session.limits.value.textMaxChars) return false;
      const files = uploads.length ? uploads.map(toSentFile) : undefined;
      void queue({ id: newId(), text: body, createdAt: now().toISOString(), files });
      return true;
    },
    /** Sends a failed message again: under the same id unless the relay itself gave up on it. */
    retry(id: string): void {
      const item = chat.find(id);
      if (!item || item.delivery !== 'failed' || (!item.text && !item.files?.length)) return;
      const entry = { text: item.text ?? '', files: item.files };
      if (!item.remoteFailed) return void queue({ id, createdAt: item.createdAt, ...entry });
      chat.remove(id);
      void queue({ id: newId(), createdAt: now().toISOString(), ...entry });
    },
    /** Sends everything waiting, e.g. when the network returns; one request per message. */
    flush(): Promise<void> {
      if (!deps.isOnline()) return Promise.resolve();
      return Promise.all(read().map(deliver)).then(() => {});
    },
    clear: () => store.remove(KEY),
  };
}
