// An in-memory Kit token cache with the Store's three token methods, for tests: the lock
// serialises callers like the real stores' cluster-wide lock does.
import type { KitTokens, Store } from '../../relay/store/types';

export interface MemoryTokenStore extends Pick<Store, 'getKitTokens' | 'setKitTokens' | 'withKitLock'> {
  tokens: KitTokens | undefined;
  locks: number;
}

export function createMemoryTokenStore(initial?: KitTokens): MemoryTokenStore {
  let tail: Promise<unknown> = Promise.resolve();
  const store: MemoryTokenStore = {
    tokens: initial,
    locks: 0,
    getKitTokens: async () => store.tokens,
    setKitTokens: async (tokens) => {
      store.tokens = tokens;
    },
    withKitLock<T>(fn: () => Promise<T>): Promise<T> {
      store.locks += 1;
      const run = tail.then(fn, fn);
      tail = run.catch(() => undefined);
      return run;
    },
  };
  return store;
}
