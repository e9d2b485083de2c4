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

export function streamMailbox(options: MailboxStreamOptions): void {
  new MailboxStream(options).start();
}

/** One per open stream; its state in fields and its steps on the prototype, not in closures. */
class MailboxStream {
  private readonly visitorId: string;
  private lastSent: number;
  private catchingUp = false;
  private closed = false;
  /** Live entries held back while catching up or waiting for a gap to fill; made on first use. */
  private pending: MailboxEntry[] | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: MailboxStreamOptions) {
    this.visitorId = options.conn.visitorId;
    this.lastSent = options.after;
  }

  start(): void {
    this.unsubscribe = this.options.store.subscribe(this.visitorId, (entry) => this.live(entry));
    this.options.conn.onClose(() => this.stop());
    void this.catchUp();
  }

  private live(entry: MailboxEntry): void {
    if (this.closed) return;
    if (this.catchingUp) (this.pending ??= []).push(entry);
    else if (entry.seq === this.lastSent + 1) this.send(entry);
    else if (entry.seq > this.lastSent) {
      (this.pending ??= []).push(entry);
      void this.catchUp();
    }
  }

  private stop(): void {
    this.closed = true;
    this.pending = undefined;
    this.unsubscribe?.();
  }

  private send(entry: MailboxEntry): void {
    if (entry.seq <= this.lastSent) return;
    this.lastSent = entry.seq;
    this.options.conn.write(formatEntry(entry));
  }

  private async catchUp(): Promise<void> {
    const { store, conn, onError } = this.options;
    this.catchingUp = true;
    try {
      while (!this.closed) {
        const before = this.lastSent;
        let page: MailboxEntry[];
        do {
          page = await store.list(this.visitorId, this.lastSent, REPLAY_PAGE);
          if (this.closed) return;
          for (const entry of page) this.send(entry);
        } while (page.length === REPLAY_PAGE);
        const pending = this.pending;
        if (!pending || pending.length === 0) return;
        pending.sort((a, b) => a.seq - b.seq);
        while (pending.length > 0 && pending[0]!.seq <= this.lastSent + 1) this.send(pending.shift()!);
        if (pending.length === 0) return;
        if (this.lastSent === before) {
          // The store cannot fill the gap (yet): deliver what we hold, still in order.
          for (const entry of pending.splice(0)) this.send(entry);
          return;
        }
      }
    } catch (err) {
      onError?.(err);
      conn.close(); // the client resumes from its Last-Event-ID
    } finally {
      this.catchingUp = false;
    }
  }
}
