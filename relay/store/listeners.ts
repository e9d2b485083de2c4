// Per-visitor in-process listener sets for mailbox fan-out. A throwing listener is
// logged and skipped, so one broken stream never breaks an append or its neighbours.
import type { MailboxEntry } from '../../protocol/relay-api';
import type { Logger } from '../log';
import type { EntryListener } from './types';

export interface ListenerRegistry {
  /** Adds a listener; returns true when it is the visitor's first. */
  add(visitorId: string, listener: EntryListener): boolean;
  /** Removes a listener; returns true when the visitor has none left. */
  remove(visitorId: string, listener: EntryListener): boolean;
  has(visitorId: string): boolean;
  emit(visitorId: string, entry: MailboxEntry): void;
  visitors(): string[];
  clear(): void;
}

export function createListenerRegistry(log?: Logger): ListenerRegistry {
  const byVisitor = new Map<string, Set<EntryListener>>();
  return {
    add(visitorId, listener) {
      let set = byVisitor.get(visitorId);
      const first = set === undefined;
      if (!set) byVisitor.set(visitorId, (set = new Set()));
      set.add(listener);
      return first;
    },
    remove(visitorId, listener) {
      const set = byVisitor.get(visitorId);
      if (!set || !set.delete(listener)) return false;
      if (set.size > 0) return false;
      byVisitor.delete(visitorId);
      return true;
    },
    has: (visitorId) => byVisitor.has(visitorId),
    emit(visitorId, entry) {
      const set = byVisitor.get(visitorId);
      if (!set) return;
      // A copy: a listener may unsubscribe itself (or another) while we iterate.
      for (const listener of [...set]) {
        try {
          listener(entry);
        } catch (err) {
          log?.warn({ err, visitorId, seq: entry.seq }, 'mailbox listener threw');
        }
      }
    },
    visitors: () => [...byVisitor.keys()],
    clear: () => byVisitor.clear(),
  };
}
