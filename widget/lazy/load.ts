// Fetches a chunk (classic script next to the app chunk, with the loader's CSP nonce) and
// hands chunks the app's own Preact, hooks, JSX runtime and signals, so there is one of each.
// The bindings listed here are the ones vite.config.ts lets a chunk import.
import { Fragment } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { jsx, jsxs } from 'preact/jsx-runtime';
import { computed, signal } from '@preact/signals';
import type { ChunkGlobal, ChunkName, Chunks, LoadChunk } from './types';

export function createChunkLoader(win: Window, assetsUrl: string, nonce?: string): LoadChunk {
  const w = win as Window & { KitChat?: ChunkGlobal };
  const api = (w.KitChat ??= {} as ChunkGlobal);
  api._m = { p: { Fragment }, h: { useEffect, useRef }, j: { jsx, jsxs, Fragment }, s: { computed, signal } };
  const pending: Partial<Record<ChunkName, Promise<unknown>>> = {};
  return <K extends ChunkName>(name: K) =>
    (pending[name] ??= new Promise<Chunks[K]>((resolve, reject) => {
      const doc = win.document;
      const script = doc.createElement('script');
      script.src = `${assetsUrl}/${__KITCHAT_CHUNKS__[name]}`;
      script.async = true;
      if (nonce) script.nonce = nonce;
      script.onload = script.onerror = () => {
        script.remove();
        const mod = api._c?.[name] as Chunks[K] | undefined;
        if (mod) return resolve(mod);
        delete pending[name]; // a later need tries again
        reject(new Error(`chunk ${name} failed to load`));
      };
      doc.head.appendChild(script);
    })) as Promise<Chunks[K]>;
}
