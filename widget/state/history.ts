// The conversation's history as the visitor sees it: mailbox entries merged with local sends,
// the closed notices, the last seq held, and the unread count. The newest HISTORY_LIMIT items
// are saved to storage on every change; older pages join at the top when the visitor scrolls
// there (prepend). Delivery states move only through the state machine (delivery.ts). The
// greeting belongs to the conversation: the one of the page it began on, kept with the history.
import { batch, computed, signal } from '@preact/signals';
import type { Attachment, DeliveryState, MailboxEntry, MessageFrom, MessagePage, SenderInfo } from '../../protocol/relay-api';
import type { KeyValueStore } from '../util/storage';
import { advance, fromStatus } from './delivery';
import type { SentFile } from './outbox';

export interface ChatItem {
  id: string;
  from: MessageFrom;
  createdAt: string;
  text?: string;
  attachments?: Attachment[];
  sender?: SenderInfo;
  seq?: number;
  /** Visitor messages only. */
  delivery?: DeliveryState;
  /** Visitor messages only: the uploaded files and the page, so a retry sends the same. */
  files?: SentFile[];
  page?: MessagePage;
  /** The relay gave up on it: a retry must go out under a new id. */
  remoteFailed?: boolean;
  notice?: 'closed';
  /** Closed notices: why (Kit's close_reason). */
  reason?: string;
}

interface StoredHistory {
  items: ChatItem[];
  lastSeq: number;
  /** The greeting of the page the conversation began on; null for the default one. */
  greeting?: string | null;
}

export const HISTORY_LIMIT = 200;
/** A conversation further ahead than this opens at its newest entries; older ones load on scroll. */
export const OPEN_WINDOW = 100;
const KEY = 'history';

export type History = ReturnType<typeof createHistory>;

/** `pageGreeting`: this page's data-greeting, the greeting of a conversation begun here. */
export function createHistory(store: KeyValueStore, now: () => Date = () => new Date(), pageGreeting?: string) {
  const saved = store.get<StoredHistory>(KEY);
  // Sends that were in flight when the page went away wait for the outbox to resend them.
  const items = signal<ChatItem[]>(
    // A page's patched JSON (Prototype.js's Array#toJSON) once stored lists as text.
    (Array.isArray(saved?.items) ? saved.items : []).map((i) => (i.delivery === 'sending' ? { ...i, delivery: 'pending' } : (i.delivery as string) === 'sent' ? { ...i, delivery: 'accepted' } : i)),
  );
  const lastSeq = signal(saved?.lastSeq ?? 0);
  // Undefined until the conversation has begun; then fixed until the history is cleared.
  const greeting = signal(saved?.greeting);
  const readSeq = signal(0);
  const unread = computed(
    () => items.value.filter((i) => (i.seq ?? 0) > readSeq.value && i.from !== 'visitor' && !i.notice).length,
  );

  const save = () => store.set(KEY, { items: items.value.slice(-HISTORY_LIMIT), lastSeq: lastSeq.value, greeting: greeting.value } satisfies StoredHistory);

  function put(item: ChatItem): void {
    if (greeting.value === undefined) greeting.value = pageGreeting ?? null;
    const list = items.value;
    const at = list.findIndex((i) => i.id === item.id);
    if (at >= 0) {
      items.value = list.map((i, n) => (n === at ? { ...i, ...item } : i));
      return;
    }
    // Entries from the relay go before local sends that have no seq yet.
    const firstLocal = item.seq == null ? -1 : list.findIndex((i) => i.seq == null);
    items.value = firstLocal < 0 ? [...list, item] : [...list.slice(0, firstLocal), item, ...list.slice(firstLocal)];
  }

  const find = (id: string) => items.value.find((i) => i.id === id);

  /** Merges one mailbox entry into the items; returns the new remote message when there is one. */
  function merge(entry: MailboxEntry): ChatItem | null {
    let added: ChatItem | null = null;
    if (entry.type === 'message') {
      const m = entry.message;
      if (!m || typeof m.id !== 'string') return null;
      const known = find(m.id);
      const attachments = Array.isArray(m.attachments) && m.attachments.length ? m.attachments : known?.attachments;
      const item: ChatItem = { id: m.id, from: m.from, createdAt: m.createdAt, text: m.text, attachments, sender: m.sender, seq: entry.seq };
      if (m.from === 'visitor') {
        item.delivery = advance(known?.delivery, fromStatus(m.status));
        item.remoteFailed = m.status === 'failed';
      }
      put(item);
      if (!known && m.from !== 'visitor') added = item;
    } else if (entry.type === 'status') {
      const known = find(entry.id);
      if (known) {
        const failed = entry.status === 'failed';
        put({ ...known, delivery: advance(known.delivery, failed ? 'failed' : 'delivered'), remoteFailed: failed });
      }
    } else if (entry.type === 'conversation' && entry.state === 'closed') {
      put({ id: `closed:${entry.seq}`, from: 'system', notice: 'closed', reason: entry.reason, seq: entry.seq, createdAt: now().toISOString() });
    }
    return added;
  }

  return {
    items,
    lastSeq,
    readSeq,
    unread,
    /** The conversation's greeting once it has begun (null: the default one); undefined before. */
    greeting,
    find,
    /** Applies one mailbox entry; returns the new remote message when there is one. */
    apply(entry: MailboxEntry): ChatItem | null {
      const added = merge(entry);
      lastSeq.value = Math.max(lastSeq.value, entry.seq);
      save();
      return added;
    },
    /** Puts an older page of entries (oldest first) before the items held. */
    prepend(entries: MailboxEntry[]): void {
      batch(() => {
        const later = items.value;
        items.value = [];
        entries.forEach(merge);
        const held = new Set(later.map((i) => i.id));
        items.value = [...items.value.filter((i) => !held.has(i.id)), ...later];
      });
    },
    /**
     * Where the stream starts, given the relay's last seq: after what is held, or, for a
     * conversation this browser is far behind on, at its newest OPEN_WINDOW entries (what is
     * held goes, local sends stay), so a long conversation opens as fast as a short one.
     */
    startAfter(relayLastSeq: number): number {
      if (relayLastSeq - lastSeq.value > OPEN_WINDOW) {
        items.value = items.value.filter((i) => i.seq == null);
        lastSeq.value = relayLastSeq - OPEN_WINDOW;
        save();
      }
      return lastSeq.value;
    },
    /** Adds or updates a local item (a visitor send); its delivery moves through the state machine. */
    upsert(item: ChatItem): void {
      put(item.delivery ? { ...item, delivery: advance(find(item.id)?.delivery, item.delivery) } : item);
      save();
    },
    /** Removes an item; a failed send that is retried under a new id goes away. */
    remove(id: string): void {
      items.value = items.value.filter((i) => i.id !== id);
      save();
    },
    clear(): void {
      items.value = [];
      lastSeq.value = 0;
      readSeq.value = 0;
      greeting.value = undefined;
      store.remove(KEY);
    },
  };
}
