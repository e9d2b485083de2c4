// The SQLite side of verified users, erasure and retention (VisitorData in types.ts): the
// user a visitor belongs to is a unique column of the visitors table, activity its active_at
// column (stamped by every write to the visitor), and erasure one transaction over every
// table that names the visitor.
import type Database from 'better-sqlite3';
import type { GroupCommit } from './sqlite-group-commit';
import type { UploadRecord, VisitorData } from './types';

interface UploadRow {
  file_id: string;
  visitor_id: string;
  size: number;
  created_at: number;
}

export function sqliteVisitorData(db: Database.Database, commit: GroupCommit): VisitorData {
  const sql = {
    userVisitor: db.prepare<[string], string>('SELECT visitor_id FROM visitors WHERE user_id = ?').pluck(),
    visitorUser: db.prepare<[string], { user_id: string | null }>('SELECT user_id FROM visitors WHERE visitor_id = ?'),
    link: db.prepare('UPDATE visitors SET user_id = ? WHERE visitor_id = ? AND user_id IS NULL'),
    deleteMailbox: db.prepare('DELETE FROM mailbox WHERE visitor_id = ?'),
    deleteOutbox: db.prepare('DELETE FROM outbox WHERE visitor_id = ?'),
    uploadsOf: db.prepare<[string], string>('SELECT file_id FROM uploads WHERE visitor_id = ?').pluck(),
    deleteUploads: db.prepare('DELETE FROM uploads WHERE visitor_id = ?'),
    deleteVisitor: db.prepare('DELETE FROM visitors WHERE visitor_id = ?'),
    idle: db.prepare<[number, number], string>('SELECT visitor_id FROM visitors WHERE active_at < ? ORDER BY active_at LIMIT ?').pluck(),
    oldUploads: db.prepare<[number, number], UploadRow>(
      'SELECT file_id, visitor_id, size, created_at FROM uploads WHERE created_at < ? ORDER BY created_at LIMIT ?',
    ),
    deleteUpload: db.prepare('DELETE FROM uploads WHERE file_id = ?'),
  };

  const linkRows = (userId: string, visitorId: string) => {
    const owned = sql.userVisitor.get(userId);
    if (owned !== undefined) return owned;
    const visitor = sql.visitorUser.get(visitorId);
    if (visitor === undefined || visitor.user_id !== null) return undefined;
    sql.link.run(userId, visitorId);
    return visitorId;
  };

  const eraseRows = (visitorId: string) => {
    sql.deleteMailbox.run(visitorId);
    // Items not sent yet go with it; one being sent now finds nothing to mark when Kit answers.
    sql.deleteOutbox.run(visitorId);
    const fileIds = sql.uploadsOf.all(visitorId);
    sql.deleteUploads.run(visitorId);
    const found = sql.deleteVisitor.run(visitorId).changes === 1;
    return { found, fileIds };
  };

  const takeOld = (createdBefore: number, max: number): UploadRecord[] => {
    const rows = sql.oldUploads.all(createdBefore, max);
    for (const row of rows) sql.deleteUpload.run(row.file_id);
    return rows.map((row) => ({ fileId: row.file_id, visitorId: row.visitor_id, size: row.size, createdAt: row.created_at }));
  };

  return {
    async userVisitor(userId) {
      return sql.userVisitor.get(userId);
    },
    linkUser: (userId, visitorId) => commit.run(() => linkRows(userId, visitorId)),
    eraseVisitor: (visitorId) => commit.run(() => eraseRows(visitorId)),
    async idleVisitors(before, max) {
      return max < 1 ? [] : sql.idle.all(before, Math.floor(max));
    },
    async takeUploadsBefore(createdBefore, max) {
      return max < 1 ? [] : commit.run(() => takeOld(createdBefore, Math.floor(max)));
    },
  };
}
