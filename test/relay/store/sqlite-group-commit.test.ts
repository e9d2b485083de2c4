// Group commit: writes queued together share one transaction (one fsync), settle only after
// it committed, and one bad write never takes the others down with it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../../relay/store/sqlite-group-commit';

const open: Database.Database[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function database(): { db: Database.Database; path: string; other: () => Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
  dirs.push(dir);
  const path = join(dir, 'test.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  open.push(db);
  return {
    db,
    path,
    other: () => {
      const second = new Database(path);
      open.push(second);
      return second;
    },
  };
}

const count = (db: Database.Database) => db.prepare('SELECT COUNT(*) FROM t').pluck().get() as number;

describe('group commit', () => {
  it('commits writes queued together in one transaction, and settles each only after the commit', async () => {
    const { db, path, other } = database();
    const commit = createGroupCommit(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const walBefore = statSync(`${path}-wal`).size;
    const reader = other();

    const writes = Array.from({ length: 50 }, (_, i) => commit.run(() => insert.run(`row ${i}`).lastInsertRowid));
    expect(count(reader)).toBe(0); // queued, not yet written
    await writes[0];
    expect(count(reader)).toBe(50); // the first to settle finds every row of its batch committed
    expect(await Promise.all(writes)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Fifty separate commits would append at least fifty pages to the WAL; one commit, a few.
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    expect(statSync(`${path}-wal`).size - walBefore).toBeLessThan(5 * (pageSize + 24) + 32);
  });

  it('fails only the write that throws; the others in its batch commit', async () => {
    const { db } = database();
    const commit = createGroupCommit(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const outcomes = await Promise.allSettled([
      commit.run(() => insert.run('a')),
      commit.run(() => insert.run('a')), // UNIQUE violation
      commit.run(() => {
        insert.run('b');
        throw new Error('bug after a write');
      }),
      commit.run(() => insert.run('c')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['a', 'c']);
  });

  it('rejects every write of a batch it cannot commit, and stores none of them', async () => {
    const { db, other } = database();
    db.pragma('busy_timeout = 0');
    const commit = createGroupCommit(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const locker = other();
    locker.exec('BEGIN IMMEDIATE'); // another process holds the write lock
    const outcomes = await Promise.allSettled([commit.run(() => insert.run('a')), commit.run(() => insert.run('b'))]);
    locker.exec('ROLLBACK');
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(count(db)).toBe(0);
  });

  it('commits what is queued when closed, then refuses new writes', async () => {
    const { db } = database();
    const commit = createGroupCommit(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const queued = commit.run(() => insert.run('a'));
    commit.close();
    expect(count(db)).toBe(1);
    await expect(queued).resolves.toMatchObject({ changes: 1 });
    await expect(commit.run(() => insert.run('b'))).rejects.toThrow(/closed/);
  });

  it('commits at once when a batch reaches its size limit', async () => {
    const { db, other } = database();
    const commit = createGroupCommit(db, 10);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const reader = other();
    const writes = Array.from({ length: 25 }, (_, i) => commit.run(() => insert.run(`row ${i}`)));
    expect(count(reader)).toBe(20); // two full batches committed without waiting for the turn to end
    await Promise.all(writes);
    expect(count(reader)).toBe(25);
  });
});
