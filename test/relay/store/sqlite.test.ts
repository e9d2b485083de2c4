// The SQLite store against the shared contract, plus what only a file-backed store can
// show: state survives reopening the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('fails ping once closed', async () => {
    const store = createSqliteStore({ path: tempDb() });
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });
});
