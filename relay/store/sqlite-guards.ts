// The SQLite side of what the relay's abuse limits keep in the store, apart from the
// message write path: Kit event ids used up by events that added nothing to a mailbox.
import type Database from 'better-sqlite3';
import type { Store } from './types';

export type StoreGuards = Pick<Store, 'rememberKitEvent'>;

export function sqliteGuards(db: Database.Database, now: () => number): StoreGuards {
  const sql = {
    pruneEvents: db.prepare('DELETE FROM kit_events WHERE expires_at <= ?'),
    insertEvent: db.prepare('INSERT OR IGNORE INTO kit_events (event_id, expires_at) VALUES (?, ?)'),
  };

  const rememberTx = db.transaction((eventId: string, ttlMs: number) => {
    const at = now();
    sql.pruneEvents.run(at);
    return sql.insertEvent.run(eventId, at + ttlMs).changes === 1;
  });

  return {
    async rememberKitEvent(eventId, ttlMs) {
      return rememberTx.immediate(eventId, ttlMs);
    },
  };
}
