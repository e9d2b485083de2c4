// The conversation model: the history the visitor sees and the outbox of what waits to be sent,
// joined by the delivery state machine (delivery.ts): the outbox reports how each send went and
// the conversation moves the message along. Each new reply goes out as a `message` event.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { ClientLimits, MailboxEntry, MessagePage, UploadResponse } from '../../protocol/relay-api';
import type { Transport } from '../transport/types';
import { createEvents } from '../util/events';
import { kindOf } from '../util/files';
import { newId } from '../util/id';
import type { KeyValueStore } from '../util/storage';
import { createHistory, type ChatItem } from './history';
import { createOutbox, type DeliveryReport, type OutboxEntry, type SentFile } from './outbox';
import type { WithToken } from './with-token';

const toSentFile = (u: UploadResponse): SentFile => ({ fileId: u.fileId, kind: kindOf(u.type), url: u.url, name: u.name, size: u.size, type: u.type });

/** The visitor's own copy of a message, as the history shows it until the relay has it. */
const local = (entry: OutboxEntry): ChatItem => ({
  id: entry.id,
  from: 'visitor',
  text: entry.text,
  createdAt: entry.createdAt,
  attachments: entry.files?.map(({ fileId: _, ...shown }) => shown),
  files: entry.files,
  page: entry.page,
});

export type Conversation = ReturnType<typeof createConversation>;

export function createConversation(deps: {
  store: KeyValueStore;
  transport: Pick<Transport, 'sendMessage'>;
  withToken: WithToken;
  limits: ReadonlySignal<ClientLimits>;
  isOnline: () => boolean;
  /** A send is a reason to be connected: starts the session and the stream. */
  activate: () => void;
  /** The page the visitor is on, which each message carries. */
  page: () => MessagePage;
  onError: (error: unknown) => void;
  /** This page's data-greeting: the greeting of a conversation begun on this page. */
  greeting?: string;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  const history = createHistory(deps.store, now, deps.greeting);
  const events = createEvents<{ message: ChatItem }>();

  function track({ entry, state, seq, byRelay }: DeliveryReport): void {
    // Until the relay has it, the local copy is what the visitor sees.
    const mine = state === 'pending' || state === 'sending' ? local(entry) : { id: entry.id, from: 'visitor' as const, createdAt: entry.createdAt };
    const answer = byRelay ? { seq: seq ?? history.find(entry.id)?.seq, remoteFailed: state === 'failed' } : {};
    history.upsert({ ...mine, delivery: state, ...answer });
  }
  const outbox = createOutbox({ ...deps, report: track });
  /** Asked before the visitor's composer sends (the pre-chat form); false keeps the message there. */
  const gate = signal<(() => boolean) | null>(null);

  return {
    items: history.items,
    lastSeq: history.lastSeq,
    readSeq: history.readSeq,
    unread: history.unread,
    greeting: history.greeting,
    gate,
    on: events.on,
    /** Applies one mailbox entry from the relay. */
    apply(entry: MailboxEntry): void {
      const added = history.apply(entry);
      if (added) events.emit('message', added);
    },
    /** Sends text and uploaded files as a new message; false when it is empty or over the limit. */
    send(text: string, uploads: UploadResponse[] = []): boolean {
      deps.activate();
      const body = text.trim();
      if ((!body && !uploads.length) || [...body].length > deps.limits.value.textMaxChars) return false;
      outbox.queue({ id: newId(), text: body, createdAt: now().toISOString(), files: uploads.length ? uploads.map(toSentFile) : undefined, page: deps.page() });
      return true;
    },
    prepend: history.prepend,
    startAfter: history.startAfter,
    /** Sends a failed message again: under the same id unless the relay itself gave up on it. */
    retry(id: string): void {
      const item = history.find(id);
      if (!item || item.delivery !== 'failed' || (!item.text && !item.files?.length)) return;
      const again = { text: item.text ?? '', files: item.files, page: item.page };
      if (!item.remoteFailed) return outbox.queue({ id, createdAt: item.createdAt, ...again });
      history.remove(id);
      outbox.queue({ id: newId(), createdAt: now().toISOString(), ...again });
    },
    /** Sends everything waiting (the network or the stream is back). */
    flush: () => void outbox.flush(),
    /** The relay started a new visitor: the old history goes, unsent messages stay. */
    clearHistory: history.clear,
    clear(): void {
      outbox.clear();
      history.clear();
    },
  };
}
