// Run by a chunk when its script executes: leaves its module where the app's loader finds it.
import type { ChunkGlobal, ChunkName, Chunks } from './types';

export function register<K extends ChunkName>(name: K, mod: Chunks[K]): void {
  const api = (window as { KitChat?: ChunkGlobal }).KitChat;
  if (api) (api._c ??= {})[name] = mod;
}
