// The SQLite side of what the relay's abuse limits keep in the store, apart from the
// message write path: Kit event ids used up by events that added nothing to a mailbox, the
// upload ledger (bytes per visitor, uploads not attached to a message yet) and visitor token
// generations (a column of the visitors table).
import type Database from 'better-sqlite3';
import type { GroupCommit } from './sqlite-group-commit';
import type { Store, TokenGenerations, UploadLedger, UploadRecord } from './types';

export type StoreGuards = Pick<Store, 'rememberKitEvent'> & UploadLedger & TokenGenerations;

interface UploadRow {
  file_id: string;
  visitor_id: string;
  size: number;
  created_at: number;
}

const record = (row: UploadRow): UploadRecord => ({ fileId: row.file_id, visitorId: row.visitor_id, size: row.size, createdAt: row.created_at });

/** Writes go through the store's group commit, like every other write; each runs whole within it. */
export function sqliteGuards(db: Database.Database, commit: GroupCommit, now: () => number): StoreGuards {
  const sql = {
    pruneEvents: db.prepare('DELETE FROM kit_events WHERE expires_at <= ?'),
    insertEvent: db.prepare('INSERT OR IGNORE INTO kit_events (event_id, expires_at) VALUES (?, ?)'),
    uploadBytes: db.prepare<[string], number>('SELECT COALESCE(SUM(size), 0) FROM uploads WHERE visitor_id = ?').pluck(),
    insertUpload: db.prepare('INSERT INTO uploads (file_id, visitor_id, size, created_at) VALUES (?, ?, ?, ?)'),
    settleUpload: db.prepare('UPDATE uploads SET size = ? WHERE file_id = ?'),
    getUpload: db.prepare<[string], UploadRow>('SELECT file_id, visitor_id, size, created_at FROM uploads WHERE file_id = ?'),
    deleteUpload: db.prepare('DELETE FROM uploads WHERE file_id = ?'),
    attachUpload: db.prepare('UPDATE uploads SET attached = 1 WHERE file_id = ? AND visitor_id = ?'),
    tokenGeneration: db.prepare<[string], number>('SELECT token_gen FROM visitors WHERE visitor_id = ?').pluck(),
    bumpGeneration: db.prepare<[string], number>('UPDATE visitors SET token_gen = token_gen + 1 WHERE visitor_id = ? RETURNING token_gen').pluck(),
    unattached: db.prepare<[number, number], UploadRow>(
      'SELECT file_id, visitor_id, size, created_at FROM uploads WHERE attached = 0 AND created_at < ? ORDER BY created_at LIMIT ?',
    ),
  };

  const remember = (eventId: string, ttlMs: number) => {
    const at = now();
    sql.pruneEvents.run(at);
    return sql.insertEvent.run(eventId, at + ttlMs).changes === 1;
  };

  const reserve = (upload: UploadRecord, quotaBytes: number) => {
    if (sql.uploadBytes.get(upload.visitorId)! + upload.size > quotaBytes) return false;
    sql.insertUpload.run(upload.fileId, upload.visitorId, upload.size, upload.createdAt);
    return true;
  };

  const drop = (fileId: string) => {
    const row = sql.getUpload.get(fileId);
    if (!row) return undefined;
    sql.deleteUpload.run(fileId);
    return record(row);
  };

  const take = (createdBefore: number, max: number) => {
    const rows = sql.unattached.all(createdBefore, max);
    for (const row of rows) sql.deleteUpload.run(row.file_id);
    return rows.map(record);
  };

  return {
    rememberKitEvent: (eventId, ttlMs) => commit.run(() => remember(eventId, ttlMs)),
    reserveUpload: (upload, quotaBytes) => commit.run(() => reserve(upload, quotaBytes)),
    async settleUpload(fileId, size) {
      await commit.run(() => sql.settleUpload.run(size, fileId));
    },
    dropUpload: (fileId) => commit.run(() => drop(fileId)),
    attachUploads(visitorId, fileIds) {
      const unique = [...new Set(fileIds)];
      return commit.run(() => unique.filter((fileId) => sql.attachUpload.run(fileId, visitorId).changes === 1));
    },
    async takeUnattachedUploads(createdBefore, max) {
      if (max < 1) return [];
      return commit.run(() => take(createdBefore, Math.floor(max)));
    },
    async uploadBytes(visitorId) {
      return sql.uploadBytes.get(visitorId)!;
    },
    async tokenGeneration(visitorId) {
      return sql.tokenGeneration.get(visitorId);
    },
    bumpTokenGeneration: (visitorId) => commit.run(() => sql.bumpGeneration.get(visitorId)),
  };
}
