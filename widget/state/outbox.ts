// Visitor messages not yet accepted by the relay, kept in storage so a message typed offline is
// sent once the network (or a reload) brings the widget back, exactly once (the relay de-duplicates
// on the id). It knows nothing of the history: it reports how each send went.
import type { Attachment, DeliveryState, MessagePage, SendMessageRequest } from '../../protocol/relay-api';
import { isTransportError } from '../transport/errors';
import type { Transport } from '../transport/types';
import type { KeyValueStore } from '../util/storage';
import { fromStatus } from './delivery';
import type { WithToken } from './with-token';

/** An uploaded attachment as a message carries it: the relay's id plus what the bubble shows. */
export type SentFile = Attachment & { fileId: string };

export interface OutboxEntry {
  id: string;
  text: string;
  createdAt: string;
  files?: SentFile[];
  /** The page it was written on. */
  page?: MessagePage;
}

/** How a send went: `sending` when it starts, then the relay's answer or the failure. */
export interface DeliveryReport {
  entry: OutboxEntry;
  state: DeliveryState;
  /** The relay's seq for the message, once it has accepted it. */
  seq?: number;
  /** The relay answered (its own `failed` means a retry needs a new id). */
  byRelay?: boolean;
}

const KEY = 'outbox';

const body = (entry: OutboxEntry): SendMessageRequest => ({
  id: entry.id,
  ...(entry.text ? { text: entry.text } : {}),
  ...(entry.files?.length ? { attachments: entry.files.map((f) => ({ fileId: f.fileId })) } : {}),
  page: entry.page,
});

export type Outbox = ReturnType<typeof createOutbox>;

export function createOutbox(deps: {
  transport: Pick<Transport, 'sendMessage'>;
  withToken: WithToken;
  store: KeyValueStore;
  isOnline: () => boolean;
  report: (report: DeliveryReport) => void;
  onError: (error: unknown) => void;
}) {
  const { store, report } = deps;
  const inFlight = new Set<string>();
  // Read before each change: another tab may have changed the stored list.
  // Anything but a list (a page's patched JSON once stored it as text) is no outbox at all.
  const read = (list = store.get<OutboxEntry[]>(KEY)) => (Array.isArray(list) ? list : []);
  const write = (list: OutboxEntry[]) => (list.length ? store.set(KEY, list) : store.remove(KEY));
  const drop = (id: string) => {
    const list = read();
    if (list.some((e) => e.id === id)) write(list.filter((e) => e.id !== id));
  };

  async function deliver(entry: OutboxEntry): Promise<void> {
    if (inFlight.has(entry.id)) return;
    inFlight.add(entry.id);
    report({ entry, state: 'sending' });
    try {
      const res = await deps.withToken((token) => deps.transport.sendMessage(token, body(entry)));
      drop(entry.id);
      report({ entry, state: fromStatus(res?.status), seq: Number.isSafeInteger(res?.seq) ? res.seq : undefined, byRelay: true });
    } catch (error) {
      // Unreachable relay: the message waits in the outbox for the network or the stream to
      // come back. Anything else needs the visitor (Retry).
      const waiting = isTransportError(error, 'NETWORK');
      if (!waiting) {
        drop(entry.id);
        deps.onError(error);
      }
      report({ entry, state: waiting ? 'pending' : 'failed' });
    } finally {
      inFlight.delete(entry.id);
    }
  }

  return {
    /** Keeps the entry and sends it now, or when the network returns. */
    queue(entry: OutboxEntry): void {
      write([...read().filter((e) => e.id !== entry.id), entry]);
      if (deps.isOnline()) void deliver(entry);
      else report({ entry, state: 'pending' });
    },
    /** Sends everything waiting, e.g. when the network returns; one request per message. */
    flush(): Promise<void> {
      if (!deps.isOnline()) return Promise.resolve();
      return Promise.all(read().map(deliver)).then(() => {});
    },
    clear: () => store.remove(KEY),
  };
}
