// Contract: what the relay's abuse limits keep in the store: Kit event ids used up whatever
// became of the event.
import { describe, expect, it } from 'vitest';
import { newId } from './builders';
import type { StoreGetter } from './contract';

const CLOSED = { type: 'conversation', state: 'closed' } as const;

export function guardsContract(store: StoreGetter): void {
  describe('Kit event ids used up without an entry', () => {
    it('remembers an ignored event id, so the same id can never append an entry afterwards', async () => {
      const visitor = newId('v');
      expect(await store().rememberKitEvent('ev-ignored', 60_000)).toBe(true);
      expect(await store().rememberKitEvent('ev-ignored', 60_000)).toBe(false);
      expect(await store().appendFromKit('ev-ignored', visitor, CLOSED, 60_000)).toBeUndefined();
      expect(await store().lastSeq(visitor)).toBe(0);
    });

    it('shares one set with appendFromKit: an id that appended is not new either', async () => {
      const visitor = newId('v');
      expect(await store().appendFromKit('ev-appended', visitor, CLOSED, 60_000)).toMatchObject({ seq: 1 });
      expect(await store().rememberKitEvent('ev-appended', 60_000)).toBe(false);
    });

    it('gives the id to exactly one of many concurrent callers', async () => {
      const visitor = newId('v');
      const results = await Promise.all([
        ...Array.from({ length: 5 }, () => store().rememberKitEvent('ev-race', 60_000)),
        ...Array.from({ length: 5 }, () => store().appendFromKit('ev-race', visitor, CLOSED, 60_000).then((e) => e !== undefined)),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
