import { waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startApp, type StartApp } from '../../widget/app';
import { boot } from '../../widget/loader/boot';
import { createFakeTransport, loadChunkFromSource, type FakeRelay } from './fakes';

type KitChatGlobal = ((...args: unknown[]) => void) & { q?: unknown[][] };
const win = window as unknown as { KitChat?: KitChatGlobal };
let relay: FakeRelay;
let loadApp: ReturnType<typeof vi.fn<() => Promise<StartApp>>>;

function script(data: Record<string, string> = {}): HTMLScriptElement {
  const el = document.createElement('script');
  el.src = 'https://relay.test/widget.js';
  Object.assign(el.dataset, { title: 'Acme Support', ...data });
  return el;
}
const shadow = () => document.getElementById('kitchat-widget')!.shadowRoot!;
const ui = () => within(shadow() as unknown as HTMLElement);
const kit = (...args: unknown[]) => win.KitChat!(...args);
/** The snippet site owners paste before the script tag. */
function snippet(): void {
  win.KitChat = win.KitChat || (function (...args: unknown[]) {
    (win.KitChat!.q = win.KitChat!.q || []).push(args);
  } as KitChatGlobal);
}

beforeEach(() => {
  relay = createFakeTransport();
  loadApp = vi.fn(async () => (ctx) => startApp({ ...ctx, transport: relay.transport, loadChunk: loadChunkFromSource }));
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  delete win.KitChat;
  localStorage.clear();
  sessionStorage.clear();
});

describe('loader', () => {
  it('runs the commands queued before the script arrived', async () => {
    snippet();
    const ready = vi.fn();
    kit('on', 'ready', ready);
    kit('setLocale', 'ru');
    kit('open');
    boot(window, { loadApp, script: script() });
    expect(ready).toHaveBeenCalledOnce();
    expect(await ui().findByRole('dialog', { name: 'Acme Support' })).toBeTruthy();
    expect(ui().getByRole('textbox', { name: 'Сообщение' })).toBeTruthy();
  });

  it('boots once: a second script tag never mounts a second widget', () => {
    boot(window, { loadApp, script: script() });
    const api = win.KitChat;
    boot(window, { loadApp, script: script() });
    expect(document.querySelectorAll('#kitchat-widget')).toHaveLength(1);
    expect(win.KitChat).toBe(api);
  });

  it('keeps its styles in the shadow root and adds nothing to the page head', () => {
    const before = document.head.innerHTML;
    boot(window, { loadApp, script: script({ accent: '#ffd43b' }) });
    expect(document.head.innerHTML).toBe(before);
    const root = shadow();
    expect(root.adoptedStyleSheets.length + root.querySelectorAll('style').length).toBeGreaterThan(0);
    const theme = root.querySelector<HTMLElement>('.kc-theme')!;
    expect(theme.style.getPropertyValue('--kc-on-accent')).toBe('#111'); // dark text on a light accent
  });

  it('writes nothing and calls no relay before the visitor interacts', async () => {
    // Fake timers: every timer the loader starts runs to the end before the checks below.
    vi.useFakeTimers();
    boot(window, { loadApp, script: script() });
    kit('setLocale', 'en');
    kit('identify', { name: 'Ann' });
    await vi.runAllTimersAsync();
    vi.useRealTimers();
    expect(localStorage.length).toBe(0);
    expect(loadApp).not.toHaveBeenCalled();
    expect(relay.transport.startSession).not.toHaveBeenCalled();

    ui().getByRole('button', { name: 'Open chat' }).click();
    await waitFor(() => expect(relay.transport.startSession).toHaveBeenCalledOnce());
    expect(relay.sessions[0]!.body.profile).toEqual({ name: 'Ann' });
    await waitFor(() => expect(localStorage.getItem('kitchat:session')).not.toBeNull());
  });

  it('fetches the app once data-greeting-delay is over, to show the greeting, and still calls no relay', async () => {
    vi.useFakeTimers();
    boot(window, { loadApp, script: script({ greetingDelay: '0.05', greeting: 'Need a hand?' }) });
    await vi.advanceTimersByTimeAsync(49);
    expect(loadApp).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers();
    expect(loadApp).toHaveBeenCalledOnce();
    expect(await ui().findByRole('button', { name: 'Need a hand?' })).toBeTruthy();
    expect(relay.transport.startSession).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
  });

  it('with data-storage="memory" keeps nothing in the browser', async () => {
    boot(window, { loadApp, script: script({ storage: 'memory' }) });
    kit('send', 'Hello from memory mode');
    await waitFor(() => expect(relay.sent).toHaveLength(1));
    kit('open');
    await ui().findByText('Hello from memory mode');
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it('resumes a stored session at once, so replies reach the badge', async () => {
    localStorage.setItem('kitchat:session', JSON.stringify({ token: 'old-token', visitorId: 'visitor-1' }));
    boot(window, { loadApp, script: script() });
    await waitFor(() => expect(relay.transport.startSession).toHaveBeenCalledOnce());
    expect(relay.sessions[0]!.token).toBe('old-token');
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    const unread = vi.fn();
    kit('on', 'unread', unread);
    relay.agentSays('Your order has shipped');
    expect(await ui().findByRole('button', { name: 'Open chat, 1 unread message' })).toBeTruthy();
    expect(unread).toHaveBeenCalledWith(1);
  });

  it('keeps a failing host listener and a bad command away from the widget', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    boot(window, { loadApp, script: script() });
    const error = vi.fn();
    kit('on', 'error', error);
    kit('on', 'open', () => {
      throw new Error('host bug');
    });
    const nextListener = vi.fn();
    kit('on', 'open', nextListener);
    kit('no-such-command', 1, 2);
    expect(error).toHaveBeenCalledExactlyOnceWith({ code: 'UNKNOWN_COMMAND', command: 'no-such-command' });
    kit('open');
    expect(await ui().findByRole('dialog', { name: 'Acme Support' })).toBeTruthy();
    // The host's failing listener stopped neither the panel nor the listeners after it.
    await waitFor(() => expect(nextListener).toHaveBeenCalledOnce());
    expect(error).toHaveBeenCalledOnce();
  });

  it('reports a failed app download as an error event and tries again later', async () => {
    loadApp.mockRejectedValueOnce(new Error('offline'));
    boot(window, { loadApp, script: script() });
    const error = vi.fn();
    kit('on', 'error', error);
    kit('open');
    await waitFor(() => expect(error).toHaveBeenCalledWith({ code: 'LOAD_FAILED' }));
    kit('open');
    expect(await ui().findByRole('dialog')).toBeTruthy();
  });

  it('reports an unknown command once, with its name, as a warning and an error event, and never throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    snippet();
    const error = vi.fn();
    kit('on', 'error', error);
    kit('opne'); // queued before the loader arrived
    boot(window, { loadApp, script: script() });
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]!.join(' ')).toMatch(/UNKNOWN_COMMAND opne/);
    expect(error).toHaveBeenCalledExactlyOnceWith({ code: 'UNKNOWN_COMMAND', command: 'opne' });
    kit('open');
    expect(await ui().findByRole('dialog')).toBeTruthy();
    kit('toString');
    kit(42);
    expect(error.mock.calls.map(([e]) => e)).toEqual([
      { code: 'UNKNOWN_COMMAND', command: 'opne' },
      { code: 'UNKNOWN_COMMAND', command: 'toString' },
      { code: 'UNKNOWN_COMMAND', command: '42' },
    ]);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('reports a bad argument once and does nothing with the call', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    boot(window, { loadApp, script: script() });
    const error = vi.fn();
    kit('on', 'error', error);
    kit('send', 42); // queued until the app arrives
    kit('identify', 'Ivan');
    kit('identify', { name: ['Ivan'] });
    kit('setLocale');
    kit('on', 'unred', () => {});
    kit('on', 'unread', 'not a function');
    kit('open');
    await ui().findByRole('dialog');
    expect(error.mock.calls.map(([e]) => e)).toEqual(
      ['send', 'identify', 'identify', 'setLocale', 'on', 'on'].map((command) => ({ code: 'BAD_ARGUMENT', command })),
    );
    expect(warn).toHaveBeenCalledTimes(6);
    expect(warn.mock.calls.map((c) => c.join(' '))).toContain('KitChat: BAD_ARGUMENT send');
    // A good send after the bad one: commands run in order, so once it is sent the bad one had its turn.
    kit('send', 'A real question');
    await waitFor(() => expect(relay.transport.sendMessage).toHaveBeenCalled());
    expect(relay.sent.map((m) => m.text)).toEqual(['A real question']);
    expect(relay.sessions.map((s) => s.body.profile)).toEqual([{}]);
  });

  it('keeps its handshakes off the global: KitChat carries no property a page could see or break', async () => {
    const globals = new Set(Object.keys(window));
    boot(window, { loadApp, script: script() });
    kit('open');
    await ui().findByRole('dialog');
    expect(Object.keys(window).filter((k) => !globals.has(k))).toEqual(['KitChat']);
    expect(Object.getOwnPropertyNames(win.KitChat!).sort()).toEqual(['length', 'name']);
    expect(Object.keys(win.KitChat!)).toEqual([]);
    // A page that scribbles on the function changes nothing.
    Object.assign(win.KitChat!, { _r: null, _c: {}, _m: null, q: [] });
    kit('close');
    await waitFor(() => expect(ui().getByRole('dialog', { hidden: true }).hidden).toBe(true));
  });
});
