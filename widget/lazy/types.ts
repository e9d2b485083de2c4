// The chunks the app fetches only when they are needed, by name.
import type { Strings } from '../i18n/en';

export interface Chunks {
  /** Russian strings. */
  ru: Strings;
  /** The attachment composer: uploads model, draft list, its styles and strings. */
  attach: typeof import('./attach');
}

export type ChunkName = keyof Chunks;
export type LoadChunk = <K extends ChunkName>(name: K) => Promise<Chunks[K]>;

/** Where chunks put themselves and find the app's shared modules (see vite.config.ts). */
export interface ChunkGlobal {
  _c?: Partial<Chunks>;
  _m?: Record<'p' | 'h' | 'j' | 's', object>;
}
