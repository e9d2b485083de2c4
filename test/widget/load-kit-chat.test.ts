// loadKitChat (`kit-chat/widget`) as a bundled site calls it: it adds the relay's loader with the
// options as data-* attributes and resolves with the KitChat global once the widget is ready.
// The loader is run here from its sources, on the script element loadKitChat added.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startApp } from '../../widget/app';
import { boot } from '../../widget/loader/boot';
import { createFakeTransport, loadChunkFromSource } from './fakes';

type Loader = typeof import('../../widget/load-kit-chat');
let added: HTMLScriptElement[];
let load: Loader['loadKitChat'];

beforeEach(async () => {
  vi.resetModules();
  ({ loadKitChat: load } = (await import('../../widget/load-kit-chat')) as Loader);
  added = [];
  // Keep the element out of the document: the test runs the loader itself instead of fetching it.
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
    added.push(node as unknown as HTMLScriptElement);
    return node;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  delete (window as { KitChat?: unknown }).KitChat;
  localStorage.clear();
});

const runLoader = (script: HTMLScriptElement) => {
  const relay = createFakeTransport();
  boot(window, { script, loadApp: async () => (ctx) => startApp({ ...ctx, transport: relay.transport, loadChunk: loadChunkFromSource }) });
};

describe('loadKitChat', () => {
  it('adds the relay\'s loader with the options and resolves with the KitChat global on ready', async () => {
    const loaded = load({ relay: 'https://shop.example/support/', title: 'Shop help', position: 'left', sound: true, data: { prechat: 'name,email*' } });
    expect(added).toHaveLength(1);
    const script = added[0]!;
    expect(script.src).toBe('https://shop.example/support/widget.js');
    expect(script.async).toBe(true);
    expect({ ...script.dataset }).toEqual({
      relay: 'https://shop.example/support/',
      title: 'Shop help',
      position: 'left',
      sound: 'on',
      prechat: 'name,email*',
    });

    runLoader(script);
    const api = await loaded;
    expect(api).toBe((window as { KitChat?: unknown }).KitChat);
    const opened = vi.fn();
    api('on', 'open', opened);
    api('open');
    await expect.poll(() => opened.mock.calls.length).toBeGreaterThan(0);
  });

  it('keeps commands given before the widget is ready, as the pasted snippet does', async () => {
    const loaded = load({ relay: 'https://chat.example' });
    const queued = (window as unknown as { KitChat: (...args: unknown[]) => void }).KitChat;
    const onOpen = vi.fn();
    queued('on', 'open', onOpen);
    queued('open');
    runLoader(added[0]!);
    await loaded;
    await expect.poll(() => onOpen.mock.calls.length).toBeGreaterThan(0);
  });

  it('loads the widget once however often it is called', async () => {
    const first = load({ relay: 'https://chat.example' });
    const second = load({ relay: 'https://chat.example' });
    expect(second).toBe(first);
    expect(added).toHaveLength(1);
    runLoader(added[0]!);
    expect(await second).toBe(await first);
  });

  it('adds no second loader when a script tag on the page loaded the widget already', async () => {
    const script = document.createElement('script');
    script.src = 'https://chat.example/widget.js';
    runLoader(script);
    const api = await load({ relay: 'https://chat.example' });
    expect(added).toHaveLength(0);
    expect(api).toBe((window as { KitChat?: unknown }).KitChat);
  });

  it('rejects when the relay does not serve the loader, and tries again on the next call', async () => {
    const failed = load({ relay: 'https://down.example' });
    added[0]!.onerror!(new Event('error'));
    await expect(failed).rejects.toThrow(/could not be fetched/);
    const again = load({ relay: 'https://down.example' });
    expect(added).toHaveLength(2);
    runLoader(added[1]!);
    await expect(again).resolves.toBeTypeOf('function');
  });

  it('rejects a relay that is not an http(s) URL without adding anything', async () => {
    await expect(load({ relay: 'javascript:alert(1)' })).rejects.toThrow(/http\(s\) URL/);
    expect(added).toHaveLength(0);
  });
});
