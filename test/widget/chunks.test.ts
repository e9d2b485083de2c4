// Fetched scripts (the app chunk, plug-in chunks) and the private handoff they come through: a
// classic script with the CSP nonce, the app's shared modules lent on the script element, what
// the script hands over, nothing left on the page's globals, and a retry after a failed fetch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handOver, HANDOFF, scriptLoader, type Handoff } from '../../widget/loader/handoff';
import { createPlugins } from '../../widget/plugins/registry';
import { SHARED_MODULES } from '../../widget/plugins/shared';
import type { PluginHost } from '../../widget/plugins/types';

// The DOM here fetches no scripts: keep the elements the loader adds, and fire their events by hand.
let added: (HTMLScriptElement & { [HANDOFF]?: Handoff })[] = [];
beforeEach(() => {
  added = [];
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T) => (added.push(node as never), node));
});
afterEach(() => vi.restoreAllMocks());

/** Runs the fetched script's part: while it "runs", document.currentScript is its element. */
function runScript(script: HTMLScriptElement, exports: unknown): void {
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  try {
    handOver(exports);
  } finally {
    delete (document as { currentScript?: unknown }).currentScript;
  }
  script.dispatchEvent(new Event('load'));
}

describe('fetched scripts', () => {
  it('loads a classic script with the nonce, lends it the shared modules and resolves with what it hands over', async () => {
    const globalsBefore = Object.keys(window).sort();
    const load = scriptLoader(document, 'n0nce');
    const pending = load<{ hello: string }>('https://relay.test/widget/ru-abc.js', SHARED_MODULES);
    const script = added[0]!;
    expect(script.src).toBe('https://relay.test/widget/ru-abc.js');
    expect(script.nonce).toBe('n0nce');
    expect(script[HANDOFF]!.m).toBe(SHARED_MODULES);
    expect(Object.keys(script[HANDOFF]!.m!)).toEqual(['preact', 'preact/hooks', 'preact/jsx-runtime', '@preact/signals']);
    runScript(script, { hello: 'привет' });
    expect((await pending).hello).toBe('привет');
    expect(script.isConnected).toBe(false);
    expect(Object.keys(window).sort()).toEqual(globalsBefore);
  });

  it('fails with LOAD_FAILED when the script cannot be fetched or hands nothing over', async () => {
    const load = scriptLoader(document);
    const missing = load('https://relay.test/widget/attach-def.js');
    added[0]!.dispatchEvent(new Event('error'));
    await expect(missing).rejects.toMatchObject({ code: 'LOAD_FAILED' });
    const silent = load('https://relay.test/widget/attach-def.js');
    added[1]!.dispatchEvent(new Event('load'));
    await expect(silent).rejects.toMatchObject({ code: 'LOAD_FAILED' });
  });
});

describe('plug-ins', () => {
  it('makes a plug-in\'s model once, adopts its styles once, and tries a failed fetch again on the next need', async () => {
    const setup = vi.fn(() => 'model');
    const chunk = { plugin: { css: '.x{}', setup, slots: { composer: () => null } }, uploadFile: vi.fn() };
    const loadChunk = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(chunk);
    const adoptCss = vi.fn();
    const plugins = createPlugins({ host: {} as PluginHost, loadChunk: loadChunk as never, adoptCss });
    await expect(plugins.use('attach')).rejects.toThrow('offline');
    expect(plugins.inSlot('composer')).toEqual([]);
    await expect(plugins.use('attach')).resolves.toBe('model');
    await expect(plugins.use('attach')).resolves.toBe('model');
    expect(loadChunk).toHaveBeenCalledTimes(2);
    expect(setup).toHaveBeenCalledOnce();
    expect(adoptCss).toHaveBeenCalledExactlyOnceWith('.x{}');
    expect(plugins.inSlot('composer')).toEqual([{ Component: chunk.plugin.slots.composer, model: 'model' }]);
  });

  it('gives the language plug-in\'s strings to the locale model', async () => {
    const { loadChunkFromSource } = await import('./fakes');
    const add = vi.fn();
    const plugins = createPlugins({ host: { locale: { add } } as unknown as PluginHost, loadChunk: loadChunkFromSource });
    await plugins.use('ru');
    expect(add).toHaveBeenCalledWith('ru', expect.objectContaining({ send: 'Отправить' }));
  });
});
