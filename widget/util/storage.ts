// Browser storage behind one small interface: local, session or memory (keeps nothing).
// Values are JSON, written without the page's patched toJSONs (util/json.ts); a full or blocked
// storage never breaks the widget.
import { toJson } from './json';
export type StorageMode = 'local' | 'session' | 'memory';

export interface KeyValueStore {
  get<T>(key: string): T | null;
  set(key: string, value: unknown): void;
  remove(key: string): void;
  /** Calls `fn` when another tab changes `key`; returns the unsubscribe. */
  watch(fn: (key: string) => void): () => void;
}

export const STORAGE_PREFIX = 'kitchat:';

export function createMemoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    get: (key) => (map.has(key) ? JSON.parse(map.get(key)!) : null),
    set: (key, value) => void map.set(key, toJson(value)),
    remove: (key) => void map.delete(key),
    watch: () => () => {},
  };
}

function backing(win: Window, mode: StorageMode): Storage | null {
  try {
    return mode === 'local' ? win.localStorage : mode === 'session' ? win.sessionStorage : null;
  } catch {
    return null; // storage disabled by the browser or a sandbox
  }
}

export function createStore(win: Window, mode: StorageMode): KeyValueStore {
  const area = backing(win, mode);
  if (!area) return createMemoryStore();
  return {
    get(key) {
      try {
        const raw = area.getItem(STORAGE_PREFIX + key);
        return raw == null ? null : JSON.parse(raw);
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        area.setItem(STORAGE_PREFIX + key, toJson(value));
      } catch {
        /* quota or privacy mode: the in-memory signals still hold the state */
      }
    },
    remove(key) {
      try {
        area.removeItem(STORAGE_PREFIX + key);
      } catch {
        /* ignore */
      }
    },
    watch(fn) {
      const onStorage = (e: StorageEvent) => {
        if (e.storageArea === area && e.key?.startsWith(STORAGE_PREFIX)) fn(e.key.slice(STORAGE_PREFIX.length));
      };
      win.addEventListener('storage', onStorage);
      return () => win.removeEventListener('storage', onStorage);
    },
  };
}
