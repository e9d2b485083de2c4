// The SQLite side of what the relay's abuse limits keep in the store, apart from the
// message write path: Kit event ids used up by events that added nothing to a mailbox.
import type Database from 'better-sqlite3';
import type { GroupCommit } from './sqlite-group-commit';
import type { Store } from './types';

export type StoreGuards = Pick<Store, 'rememberKitEvent'>;

/** Writes go through the store's group commit, like every other write. */
export function sqliteGuards(db: Database.Database, commit: GroupCommit, now: () => number): StoreGuards {
  const sql = {
    pruneEvents: db.prepare('DELETE FROM kit_events WHERE expires_at <= ?'),
    insertEvent: db.prepare('INSERT OR IGNORE INTO kit_events (event_id, expires_at) VALUES (?, ?)'),
  };

  const remember = (eventId: string, ttlMs: number) => {
    const at = now();
    sql.pruneEvents.run(at);
    return sql.insertEvent.run(eventId, at + ttlMs).changes === 1;
  };

  return {
    rememberKitEvent: (eventId, ttlMs) => commit.run(() => remember(eventId, ttlMs)),
  };
}
