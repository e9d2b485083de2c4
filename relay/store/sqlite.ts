// The embedded store: one SQLite file (better-sqlite3, WAL, fsync on commit) owned by one
// relay process. Every write goes through group commit (sqlite-group-commit.ts): the writes of
// one event-loop turn share one transaction and one fsync, and each caller resumes, and an
// append is published to in-process listeners, only after that transaction committed.
import Database from 'better-sqlite3';
import type { Logger } from '../log';
import type { MailboxEntry, MessageEntry } from '../../protocol/relay-api';
import { clampAfter, clampLimit } from './bounds';
import { createListenerRegistry } from './listeners';
import { createMutex } from './mutex';
import { createGroupCommit } from './sqlite-group-commit';
import { sqliteGuards } from './sqlite-guards';
import { sqliteVisitorData } from './sqlite-visitor-data';
import { openSchema, type SqliteSync } from './sqlite-schema';
import type { KitTokens, NewMailboxEntry, OutboxItem, Store, VisitorRecord } from './types';
import { mergeVisitor } from './visitor-merge';

export interface SqliteStoreOptions {
  path: string;
  log?: Logger;
  now?: () => number;
  sync?: SqliteSync;
}

interface OutboxRow {
  id: number;
  visitor_id: string;
  message_id: string;
  event: string;
  accepted_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? Date.now;
  const db = new Database(options.path);
  openSchema(db, options.sync);
  const listeners = createListenerRegistry(options.log);
  const kitLock = createMutex();
  const commit = createGroupCommit(db);

  const sql = {
    insertVisitor: db.prepare('INSERT INTO visitors (visitor_id, record, active_at) VALUES (?, ?, ?)'),
    getVisitor: db.prepare<[string], string>('SELECT record FROM visitors WHERE visitor_id = ?').pluck(),
    getUserId: db.prepare<[string], string | null>('SELECT user_id FROM visitors WHERE visitor_id = ?').pluck(),
    putVisitor: db.prepare('UPDATE visitors SET record = ?, active_at = ? WHERE visitor_id = ?'),
    // Every mailbox write is activity: retention measures idleness from the last one.
    touch: db.prepare('UPDATE visitors SET active_at = ? WHERE visitor_id = ?'),
    lastSeq: db.prepare<[string], number>('SELECT COALESCE(MAX(seq), 0) FROM mailbox WHERE visitor_id = ?').pluck(),
    insertEntry: db.prepare('INSERT INTO mailbox (visitor_id, seq, message_id, entry) VALUES (?, ?, ?, ?)'),
    list: db.prepare<[string, number, number], string>(
      'SELECT entry FROM mailbox WHERE visitor_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ).pluck(),
    listBefore: db.prepare<[string, number, number], string>(
      'SELECT entry FROM mailbox WHERE visitor_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    ).pluck(),
    accepted: db.prepare<[string, string], string>(
      'SELECT entry FROM mailbox WHERE visitor_id = ? AND message_id = ?',
    ).pluck(),
    // A visitor's first queued message is its head; later ones wait behind it (sqlite-schema.ts).
    insertOutbox: db.prepare<{ visitor: string; message: string; event: string; at: number }>(
      `INSERT INTO outbox (visitor_id, message_id, event, accepted_at, attempts, next_attempt_at, head, available_at)
       SELECT @visitor, @message, @event, @at, 0, @at, h, CASE WHEN h = 1 THEN @at END
       FROM (SELECT NOT EXISTS (SELECT 1 FROM outbox WHERE visitor_id = @visitor) AS h)`,
    ),
    // Heads only, due and not under a live claim, straight from the outbox_ready index.
    claimable: db.prepare<{ now: number; max: number }, OutboxRow>(
      'SELECT * FROM outbox WHERE head = 1 AND available_at <= @now ORDER BY available_at, id LIMIT @max',
    ),
    claim: db.prepare('UPDATE outbox SET claim_owner = ?, claim_until = ?, available_at = ?, attempts = attempts + 1 WHERE id = ?'),
    removeOutbox: db.prepare<[string, string], { head: number }>('DELETE FROM outbox WHERE visitor_id = ? AND message_id = ? RETURNING head'),
    promoteHead: db.prepare(
      `UPDATE outbox SET head = 1, available_at = MAX(next_attempt_at, COALESCE(claim_until, 0))
       WHERE id = (SELECT MIN(id) FROM outbox WHERE visitor_id = ?)`,
    ),
    retry: db.prepare<{ at: number; error: string; visitor: string; message: string }>(
      `UPDATE outbox SET next_attempt_at = @at, last_error = @error, claim_owner = NULL, claim_until = NULL,
         available_at = CASE WHEN head = 1 THEN @at END
       WHERE visitor_id = @visitor AND message_id = @message`,
    ),
    // Only heads are ever tried, so only a head can be waiting out a backoff.
    retryNow: db.prepare<{ now: number; keep: string }>(
      `UPDATE outbox SET next_attempt_at = @now, available_at = @now
       WHERE head = 1 AND available_at > @now AND claim_until IS NULL AND last_error IS NOT NULL
         AND last_error NOT IN (SELECT value FROM json_each(@keep))`,
    ),
    depth: db.prepare<[], number>('SELECT COUNT(*) FROM outbox').pluck(),
    pruneEvents: db.prepare('DELETE FROM kit_events WHERE expires_at <= ?'),
    insertEvent: db.prepare('INSERT OR IGNORE INTO kit_events (event_id, expires_at) VALUES (?, ?)'),
    getTokens: db.prepare<[], string>('SELECT tokens FROM kit_tokens WHERE id = 1').pluck(),
    setTokens: db.prepare('INSERT INTO kit_tokens (id, tokens) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET tokens = excluded.tokens'),
    clearTokens: db.prepare('DELETE FROM kit_tokens WHERE id = 1'),
  };

  /** Writes the entry with the visitor's next seq; call inside a transaction. */
  const appendRow = (visitorId: string, entry: NewMailboxEntry, messageId: string | null = null): MailboxEntry => {
    const full = { seq: sql.lastSeq.get(visitorId)! + 1, ...entry } as MailboxEntry;
    sql.insertEntry.run(visitorId, full.seq, messageId, JSON.stringify(full));
    sql.touch.run(now(), visitorId);
    return full;
  };

  const publish = (visitorId: string, entry: MailboxEntry | undefined) => {
    if (entry) listeners.emit(visitorId, entry);
  };

  // The writes below run inside a group-commit transaction (each in its own savepoint).

  const acceptRows = (visitorId: string, entry: Omit<MessageEntry, 'seq'>, outbox: Omit<OutboxItem, 'attempts' | 'nextAttemptAt'>) => {
    const first = sql.accepted.get(visitorId, entry.message.id);
    if (first !== undefined) return { entry: JSON.parse(first) as MessageEntry, duplicate: true };
    const accepted = { ...entry, message: { ...entry.message, status: 'accepted' as const } };
    const written = appendRow(visitorId, accepted, entry.message.id) as MessageEntry;
    sql.insertOutbox.run({ visitor: visitorId, message: outbox.messageId, event: JSON.stringify(outbox.event), at: outbox.acceptedAt });
    return { entry: written, duplicate: false };
  };

  const claimRows = (owner: string, at: number, leaseMs: number, max: number) => {
    const rows = sql.claimable.all({ now: at, max });
    for (const row of rows) sql.claim.run(owner, at + leaseMs, at + leaseMs, row.id);
    return rows.map((row): OutboxItem => ({
      visitorId: row.visitor_id,
      messageId: row.message_id,
      event: JSON.parse(row.event) as OutboxItem['event'],
      acceptedAt: row.accepted_at,
      attempts: row.attempts + 1,
      nextAttemptAt: row.next_attempt_at,
      ...(row.last_error === null ? {} : { lastError: row.last_error }),
    }));
  };

  /** Removes the outbox item (its successor becomes the head) and appends its final status. */
  const finishRows = (visitorId: string, messageId: string, status: 'delivered' | 'failed', reason?: string) => {
    const removed = sql.removeOutbox.get(visitorId, messageId);
    if (removed === undefined) return undefined;
    if (removed.head === 1) sql.promoteHead.run(visitorId);
    return appendRow(visitorId, { type: 'status', id: messageId, status, ...(reason === undefined ? {} : { reason }) });
  };

  const fromKitRows = (eventId: string, visitorId: string, entry: NewMailboxEntry, ttlMs: number) => {
    const at = now();
    sql.pruneEvents.run(at);
    if (sql.insertEvent.run(eventId, at + ttlMs).changes === 0) return undefined;
    return appendRow(visitorId, entry);
  };

  const updateRows = (visitorId: string, patch: Parameters<Store['updateVisitor']>[1]) => {
    const current = sql.getVisitor.get(visitorId);
    if (current === undefined) return;
    sql.putVisitor.run(JSON.stringify(mergeVisitor(JSON.parse(current) as VisitorRecord, patch, now())), now(), visitorId);
  };

  return {
    ...sqliteGuards(db, commit, now),
    ...sqliteVisitorData(db, commit),
    async createVisitor(visitor) {
      // The user link is linkUser's alone (one visitor per user, kept in its own column).
      const { userId: _linkedOnly, ...rest } = visitor;
      await commit.run(() => sql.insertVisitor.run(visitor.visitorId, JSON.stringify(rest), now()));
    },
    async getVisitor(visitorId) {
      const record = sql.getVisitor.get(visitorId);
      if (record === undefined) return undefined;
      const userId = sql.getUserId.get(visitorId);
      return { ...(JSON.parse(record) as VisitorRecord), ...(userId ? { userId } : {}) };
    },
    async updateVisitor(visitorId, patch) {
      await commit.run(() => updateRows(visitorId, patch));
    },
    async append(visitorId, entry) {
      const written = await commit.run(() => appendRow(visitorId, entry));
      publish(visitorId, written);
      return written;
    },
    async list(visitorId, after, limit) {
      const rows = sql.list.all(visitorId, clampAfter(after), clampLimit(limit));
      return rows.map((row) => JSON.parse(row) as MailboxEntry);
    },
    async listBefore(visitorId, before, limit) {
      const rows = sql.listBefore.all(visitorId, clampAfter(before), clampLimit(limit));
      return rows.reverse().map((row) => JSON.parse(row) as MailboxEntry);
    },
    async lastSeq(visitorId) {
      return sql.lastSeq.get(visitorId)!;
    },
    async accept(visitorId, entry, outbox) {
      if (outbox.messageId !== entry.message.id || outbox.visitorId !== visitorId) {
        throw new Error('accept: the outbox item must match the visitor and the message id');
      }
      const result = await commit.run(() => acceptRows(visitorId, entry, outbox));
      if (!result.duplicate) publish(visitorId, result.entry);
      return result;
    },
    async claim(owner, at, leaseMs, max) {
      if (max < 1) return [];
      return commit.run(() => claimRows(owner, at, leaseMs, Math.floor(max)));
    },
    async markDelivered(visitorId, messageId) {
      publish(visitorId, await commit.run(() => finishRows(visitorId, messageId, 'delivered')));
    },
    async markFailed(visitorId, messageId, reason) {
      publish(visitorId, await commit.run(() => finishRows(visitorId, messageId, 'failed', reason)));
    },
    async retryLater(visitorId, messageId, nextAttemptAt, lastError) {
      await commit.run(() => sql.retry.run({ at: nextAttemptAt, error: lastError, visitor: visitorId, message: messageId }));
    },
    async retryNow(now, keepWaiting) {
      return commit.run(() => sql.retryNow.run({ now, keep: JSON.stringify(keepWaiting) }).changes);
    },
    async outboxDepth() {
      return sql.depth.get()!;
    },
    async appendFromKit(eventId, visitorId, entry, ttlMs) {
      const written = await commit.run(() => fromKitRows(eventId, visitorId, entry, ttlMs));
      publish(visitorId, written);
      return written;
    },
    subscribe(visitorId, listener) {
      listeners.add(visitorId, listener);
      return () => void listeners.remove(visitorId, listener);
    },
    async getKitTokens() {
      const tokens = sql.getTokens.get();
      return tokens === undefined ? undefined : (JSON.parse(tokens) as KitTokens);
    },
    async setKitTokens(tokens) {
      await commit.run(() => (tokens === undefined ? sql.clearTokens.run() : sql.setTokens.run(JSON.stringify(tokens))));
    },
    withKitLock: (fn) => kitLock.run(fn),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      listeners.clear();
      if (!db.open) return;
      commit.close();
      db.close();
    },
  };
}
