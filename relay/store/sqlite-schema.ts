// The SQLite store's tables and connection settings. The schema version lives in
// PRAGMA user_version; a new database runs every step, an older one the steps it lacks.
import type Database from 'better-sqlite3';

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

// Claiming without a scan: exactly one row per visitor, its oldest, has head = 1, and
// available_at says when it may be handed out (its next attempt, or the end of its claim).
// A claim reads the partial index in order and stops after `max` rows, so it costs the same
// with ten messages queued or a hundred thousand.
const SCHEMA_V2 = `
ALTER TABLE outbox ADD COLUMN head INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN available_at INTEGER;
UPDATE outbox SET head = 1, available_at = MAX(next_attempt_at, COALESCE(claim_until, 0))
  WHERE id IN (SELECT MIN(id) FROM outbox GROUP BY visitor_id);
CREATE INDEX outbox_ready ON outbox (available_at, id) WHERE head = 1;
`;

// Upload accounting (quota per visitor, uploads not attached to a message yet) and visitor
// token generations (a bump revokes every older token of the visitor).
const SCHEMA_V3 = `
CREATE TABLE uploads (
  file_id TEXT PRIMARY KEY,
  visitor_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  attached INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX uploads_visitor ON uploads (visitor_id);
CREATE INDEX uploads_unattached ON uploads (created_at) WHERE attached = 0;

ALTER TABLE visitors ADD COLUMN token_gen INTEGER NOT NULL DEFAULT 0;
`;

// Verified identity (the user a visitor belongs to, one visitor per user), retention (when a
// visitor was last active) and the age of every upload, attached or not.
const SCHEMA_V4 = `
ALTER TABLE visitors ADD COLUMN user_id TEXT;
ALTER TABLE visitors ADD COLUMN active_at INTEGER NOT NULL DEFAULT 0;
UPDATE visitors SET active_at = COALESCE(json_extract(record, '$.updatedAt'), 0);
CREATE UNIQUE INDEX visitors_user ON visitors (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX visitors_active ON visitors (active_at);
CREATE INDEX uploads_created ON uploads (created_at);
`;

const STEPS = [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4];
const SCHEMA_VERSION = STEPS.length;

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
  if (version < SCHEMA_VERSION) {
    db.transaction(() => {
      // Read again under the write lock: another process may have migrated meanwhile.
      const current = db.pragma('user_version', { simple: true }) as number;
      for (const step of STEPS.slice(current)) db.exec(step);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }
}
