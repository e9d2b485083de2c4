// The SQLite store's tables and connection settings. The schema version lives in
// PRAGMA user_version, so a later release can migrate step by step.
import type Database from 'better-sqlite3';

const SCHEMA_VERSION = 1;

const SCHEMA_V1 = `
CREATE TABLE visitors (
  visitor_id TEXT PRIMARY KEY,
  record TEXT NOT NULL
) WITHOUT ROWID;

-- The mailbox. message_id is set only for visitor messages written by accept(), which
-- makes accept idempotent per (visitor, message id) without a second table.
CREATE TABLE mailbox (
  visitor_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  message_id TEXT,
  entry TEXT NOT NULL,
  PRIMARY KEY (visitor_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX mailbox_accepted ON mailbox (visitor_id, message_id) WHERE message_id IS NOT NULL;

-- id gives the acceptance order, which is the delivery order per visitor.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  visitor_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  event TEXT NOT NULL,
  accepted_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  claim_owner TEXT,
  claim_until INTEGER,
  UNIQUE (visitor_id, message_id)
);
CREATE INDEX outbox_visitor ON outbox (visitor_id, id);

CREATE TABLE kit_events (
  event_id TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX kit_events_expiry ON kit_events (expires_at);

CREATE TABLE kit_tokens (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  tokens TEXT NOT NULL
);
`;

/** `full` syncs the WAL on every commit: an acknowledged write survives a power cut.
 *  `normal` leaves syncing to checkpoints: it survives a killed process, not a power cut. */
export type SqliteSync = 'full' | 'normal';

export function openSchema(db: Database.Database, sync: SqliteSync = 'full'): void {
  // WAL lets readers run beside the writer.
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');

  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`The relay database has schema version ${version}; this relay knows up to ${SCHEMA_VERSION}.`);
  }
  if (version < 1) {
    db.transaction(() => {
      db.exec(SCHEMA_V1);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }
}
