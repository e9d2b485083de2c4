// Feeds one visitor's mailbox into one SSE connection: replay everything after `after`, then
// live entries, with no gap and no duplicate. It subscribes before replaying and buffers live
// entries meanwhile; a gap in the live feed (another relay's append seen out of order) is
// filled from the store, so the client always sees seq strictly increasing by one.
import type { MailboxEntry } from '../../protocol/relay-api';
import type { Store } from '../store/types';
import type { SseConnection } from './sse-hub';

export const REPLAY_PAGE = 200;

export function formatEntry(entry: MailboxEntry): string {
  return `id: ${entry.seq}\nevent: ${entry.type}\ndata: ${JSON.stringify(entry)}\n\n`;
}

export interface MailboxStreamOptions {
  store: Pick<Store, 'list' | 'subscribe'>;
  conn: SseConnection;
  after: number;
  onError?: (err: unknown) => void;
}

export function streamMailbox({ store, conn, after, onError }: MailboxStreamOptions): void {
  const visitorId = conn.visitorId;
  let lastSent = after;
  let catchingUp = false;
  let closed = false;
  const pending: MailboxEntry[] = [];

  const send = (entry: MailboxEntry) => {
    if (entry.seq <= lastSent) return;
    lastSent = entry.seq;
    conn.write(formatEntry(entry));
  };

  const unsubscribe = store.subscribe(visitorId, (entry) => {
    if (closed) return;
    if (catchingUp) pending.push(entry);
    else if (entry.seq === lastSent + 1) send(entry);
    else if (entry.seq > lastSent) {
      pending.push(entry);
      void catchUp();
    }
  });
  conn.onClose(() => {
    closed = true;
    pending.length = 0;
    unsubscribe();
  });

  async function catchUp(): Promise<void> {
    catchingUp = true;
    try {
      while (!closed) {
        const before = lastSent;
        let page: MailboxEntry[];
        do {
          page = await store.list(visitorId, lastSent, REPLAY_PAGE);
          if (closed) return;
          for (const entry of page) send(entry);
        } while (page.length === REPLAY_PAGE);
        pending.sort((a, b) => a.seq - b.seq);
        while (pending.length > 0 && pending[0]!.seq <= lastSent + 1) send(pending.shift()!);
        if (pending.length === 0) return;
        if (lastSent === before) {
          // The store cannot fill the gap (yet): deliver what we hold, still in order.
          for (const entry of pending.splice(0)) send(entry);
          return;
        }
      }
    } catch (err) {
      onError?.(err);
      conn.close(); // the client resumes from its Last-Event-ID
    } finally {
      catchingUp = false;
    }
  }

  void catchUp();
}
