// The SQLite store against the shared contract, plus what only a file-backed store can
// show: state survives reopening the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../../relay/store/sqlite';
import { newId, outboxFor, visitorMessage } from './builders';
import { runStoreContract } from './contract';

const tempDirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relay-store-'));
  tempDirs.push(dir);
  return join(dir, 'relay.db');
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

runStoreContract('sqlite', async () => {
  const store = createSqliteStore({ path: tempDb() });
  return { store, cleanup: () => store.close() };
});

describe('sqlite store on disk', () => {
  it('finds messages, outbox items, tokens and seen Kit events again after a restart', async () => {
    const path = tempDb();
    const visitor = newId('v');
    const first = createSqliteStore({ path });
    await first.accept(visitor, visitorMessage('m1'), outboxFor(visitor, 'm1', 1000));
    await first.appendFromKit('event-1', visitor, { type: 'conversation', state: 'closed' }, 60_000);
    await first.setKitTokens({ accessToken: 'a', refreshToken: 'r', accessExpiresAt: 1, refreshExpiresAt: 2 });
    await first.close();

    const second = createSqliteStore({ path });
    expect((await second.list(visitor, 0, 10)).map((e) => e.seq)).toEqual([1, 2]);
    expect(await second.claim('w', 1000, 1000, 10)).toHaveLength(1);
    expect(await second.appendFromKit('event-1', visitor, { type: 'conversation', state: 'closed' }, 60_000)).toBeUndefined();
    expect(await second.getKitTokens()).toMatchObject({ accessToken: 'a' });
    await second.close();
  });

  it('forgets Kit event ids by its own clock once their window has passed', async () => {
    let now = 1_000_000;
    const store = createSqliteStore({ path: tempDb(), now: () => now });
    const visitor = newId('v');
    await store.appendFromKit('event-1', visitor, { type: 'conversation', state: 'closed' }, 10_000);
    now += 9_999;
    expect(await store.appendFromKit('event-1', visitor, { type: 'conversation', state: 'closed' }, 10_000)).toBeUndefined();
    now += 1;
    expect(await store.appendFromKit('event-1', visitor, { type: 'conversation', state: 'closed' }, 10_000)).toMatchObject({ seq: 2 });
    await store.close();
  });

  it('stamps updatedAt from its clock when an update does not say', async () => {
    const store = createSqliteStore({ path: tempDb(), now: () => 42 });
    const visitorId = newId('v');
    await store.createVisitor({ visitorId, profile: {}, createdAt: 1, updatedAt: 1 });
    await store.updateVisitor(visitorId, { locale: 'fr' });
    expect(await store.getVisitor(visitorId)).toEqual({ visitorId, profile: {}, locale: 'fr', createdAt: 1, updatedAt: 42 });
    await store.close();
  });

  it('upgrades a database of schema version 2 in place, keeping its visitors and messages, ready for identity and retention', async () => {
    const path = tempDb();
    const first = createSqliteStore({ path });
    const visitorId = newId('v');
    await first.createVisitor({ visitorId, profile: { name: 'Ada' }, createdAt: 1, updatedAt: 1 });
    await first.accept(visitorId, visitorMessage('m1'), outboxFor(visitorId, 'm1', 1000));
    await first.close();
    // Back to what version 2 had: no upload ledger, no token generations.
    const db = new Database(path);
    db.exec(`DROP INDEX visitors_user; DROP INDEX visitors_active; ALTER TABLE visitors DROP COLUMN user_id;
      ALTER TABLE visitors DROP COLUMN active_at; DROP TABLE uploads; ALTER TABLE visitors DROP COLUMN token_gen; PRAGMA user_version = 2;`);
    db.close();

    const second = createSqliteStore({ path });
    expect(await second.getVisitor(visitorId)).toMatchObject({ profile: { name: 'Ada' } });
    expect(await second.lastSeq(visitorId)).toBe(1);
    expect(await second.reserveUpload({ fileId: 'f1', visitorId, size: 5, createdAt: 1 }, 10)).toBe(true);
    // Its visitors count as last active when their record was last updated.
    expect(await second.idleVisitors(2, 10)).toEqual([visitorId]);
    expect(await second.linkUser('user-1', visitorId)).toBe(visitorId);
    await second.close();
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(4);
    check.close();
  });

  it('finds visitors idle since a time by its own clock, every write to one counting as activity', async () => {
    let now = 1_000;
    const store = createSqliteStore({ path: tempDb(), now: () => now });
    const [idle, written, replied, resumed] = [newId('v'), newId('v'), newId('v'), newId('v')];
    for (const visitorId of [idle, written, replied, resumed]) await store.createVisitor({ visitorId, profile: {}, createdAt: 1, updatedAt: 1 });
    now = 5_000;
    await store.accept(written, visitorMessage('m1'), outboxFor(written, 'm1', now));
    await store.appendFromKit('ev-1', replied, { type: 'conversation', state: 'closed' }, 60_000);
    await store.updateVisitor(resumed, { locale: 'de' });
    expect(await store.idleVisitors(5_000, 10)).toEqual([idle]);
    expect(await store.idleVisitors(5_001, 2)).toHaveLength(2);
    expect(await store.idleVisitors(5_001, 0)).toEqual([]);
    await store.close();
  });

  it('fails ping once closed', async () => {
    const store = createSqliteStore({ path: tempDb() });
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });
});

describe('sqlite store upgrading a database from the first release', () => {
  // The first release's outbox: no head column, claims found by grouping on visitor_id.
  const V1_OUTBOX = `
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT, visitor_id TEXT NOT NULL, message_id TEXT NOT NULL,
      event TEXT NOT NULL, accepted_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL, last_error TEXT, claim_owner TEXT, claim_until INTEGER,
      UNIQUE (visitor_id, message_id));
    CREATE INDEX outbox_visitor ON outbox (visitor_id, id);`;

  it('keeps its queued messages and delivers each visitor’s in order, a live claim still honoured', async () => {
    const path = tempDb();
    const [a, b] = [newId('a'), newId('b')];
    const old = new Database(path);
    old.exec(`
      CREATE TABLE visitors (visitor_id TEXT PRIMARY KEY, record TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE mailbox (visitor_id TEXT NOT NULL, seq INTEGER NOT NULL, message_id TEXT, entry TEXT NOT NULL, PRIMARY KEY (visitor_id, seq)) WITHOUT ROWID;
      CREATE UNIQUE INDEX mailbox_accepted ON mailbox (visitor_id, message_id) WHERE message_id IS NOT NULL;
      ${V1_OUTBOX}
      CREATE TABLE kit_events (event_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX kit_events_expiry ON kit_events (expires_at);
      CREATE TABLE kit_tokens (id INTEGER PRIMARY KEY CHECK (id = 1), tokens TEXT NOT NULL);
      PRAGMA user_version = 1;`);
    const insert = old.prepare(
      'INSERT INTO outbox (visitor_id, message_id, event, accepted_at, attempts, next_attempt_at, claim_owner, claim_until) VALUES (?, ?, ?, 1000, ?, 1000, ?, ?)',
    );
    const event = (v: string, m: string) => JSON.stringify(outboxFor(v, m, 1000).event);
    insert.run(a, 'a1', event(a, 'a1'), 1, 'old-relay', 50_000); // claimed by the old relay until 50 s
    insert.run(b, 'b1', event(b, 'b1'), 0, null, null);
    insert.run(a, 'a2', event(a, 'a2'), 0, null, null);
    insert.run(b, 'b2', event(b, 'b2'), 0, null, null);
    old.close();

    const store = createSqliteStore({ path });
    const ids = (items: { visitorId: string; messageId: string }[]) => items.map((i) => `${i.visitorId === a ? 'a' : 'b'}/${i.messageId}`);
    expect(ids(await store.claim('w', 2000, 1000, 10))).toEqual(['b/b1']);
    await store.markDelivered(b, 'b1');
    expect(ids(await store.claim('w', 3000, 1000, 10))).toEqual(['b/b2']);
    await store.markDelivered(b, 'b2');
    expect(await store.claim('w', 49_999, 1000, 10)).toEqual([]);
    expect(await store.claim('w', 50_000, 1000, 10)).toMatchObject([{ messageId: 'a1', attempts: 2 }]);
    await store.markDelivered(a, 'a1');
    expect(ids(await store.claim('w', 50_001, 1000, 10))).toEqual(['a/a2']);
    expect(await store.outboxDepth()).toBe(1);
    await store.close();
  });
});
