// The lazy chunk loader: a classic script next to the app with the CSP nonce, the module the
// chunk registers, the app's shared modules handed over, and a retry after a failed fetch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../widget/i18n/en';
import { createChunkLoader } from '../../widget/lazy/load';
import type { ChunkGlobal } from '../../widget/lazy/types';

const win = window as Window & { KitChat?: ChunkGlobal };

vi.stubGlobal('__KITCHAT_CHUNKS__', { ru: 'ru-abc.js', attach: 'attach-def.js' });

// The DOM here fetches no scripts: keep the elements the loader adds, and fire their events by hand.
let added: HTMLScriptElement[] = [];
beforeEach(() => {
  added = [];
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T) => (added.push(node as never), node));
});
afterEach(() => {
  vi.restoreAllMocks();
  delete win.KitChat;
});

const scriptFor = (name: string) => added.find((s) => s.src.endsWith(`/${name}`)) ?? null;

describe('lazy chunks', () => {
  it('fetches a chunk with the nonce and resolves with what it registered', async () => {
    const load = createChunkLoader(window, 'https://relay.test/widget', 'n0nce');
    expect(Object.keys(win.KitChat!._m!)).toEqual(['p', 'h', 'j', 's']);
    const pending = load('ru');
    const script = scriptFor('ru-abc.js')!;
    expect(script.src).toBe('https://relay.test/widget/ru-abc.js');
    expect(script.nonce).toBe('n0nce');
    win.KitChat!._c = { ru: { ...en, send: 'Отправить' } };
    script.dispatchEvent(new Event('load'));
    expect((await pending).send).toBe('Отправить');
    expect(load('ru')).toBe(pending); // fetched once
    expect(added).toHaveLength(1);
  });

  it('fails when the chunk cannot be fetched, and tries again on the next need', async () => {
    const load = createChunkLoader(window, 'https://relay.test/widget');
    const first = load('attach');
    scriptFor('attach-def.js')!.dispatchEvent(new Event('error'));
    await expect(first).rejects.toThrow(/attach/);
    const second = load('attach');
    expect(second).not.toBe(first);
    expect(added).toHaveLength(2);
  });
});
