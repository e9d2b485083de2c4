// The page's commands and embed options that no other test drives: close, toggle, off and reset
// through the KitChat global, the session storage mode, storage that throws, data-relay and the
// launcher's text, each checked by what the visitor or the site owner would see.
import { waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startApp, type StartApp } from '../../widget/app';
import { boot } from '../../widget/loader/boot';
import { appOptions, readOptions } from '../../widget/loader/options';
import { createFakeTransport, loadChunkFromSource, type FakeRelay } from './fakes';

type KitChatGlobal = (...args: unknown[]) => void;
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
const panel = () => ui().queryByRole('dialog', { name: 'Acme Support' });
/** Every value the widget keeps in a storage area, as one string. */
const kept = (area: Storage) => Object.keys(area).map((k) => area.getItem(k)).join('\n');

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

describe('commands from the page', () => {
  it('close and toggle open and shut the panel, each announcing it once', async () => {
    boot(window, { loadApp, script: script() });
    const opened = vi.fn();
    const closed = vi.fn();
    kit('on', 'open', opened);
    kit('on', 'close', closed);
    kit('open');
    await ui().findByRole('dialog', { name: 'Acme Support' });
    kit('close');
    await waitFor(() => expect(panel()).toBeNull());
    kit('toggle');
    await ui().findByRole('dialog', { name: 'Acme Support' });
    kit('toggle');
    await waitFor(() => expect(panel()).toBeNull());
    expect(opened).toHaveBeenCalledTimes(2);
    expect(closed).toHaveBeenCalledTimes(2);
  });

  it('off stops one listener, or every listener of an event', async () => {
    boot(window, { loadApp, script: script() });
    const first = vi.fn();
    const second = vi.fn();
    kit('on', 'open', first);
    kit('on', 'open', second);
    kit('off', 'open', first);
    kit('open');
    await ui().findByRole('dialog', { name: 'Acme Support' });
    await waitFor(() => expect(second).toHaveBeenCalledOnce());
    expect(first).not.toHaveBeenCalled();
    kit('off', 'open');
    kit('close');
    await waitFor(() => expect(panel()).toBeNull());
    kit('open');
    await ui().findByRole('dialog', { name: 'Acme Support' });
    expect(second).toHaveBeenCalledOnce();
  });

  it('reset logs the visitor out at the relay and forgets them on this browser', async () => {
    boot(window, { loadApp, script: script() });
    kit('open');
    await ui().findByRole('dialog', { name: 'Acme Support' });
    kit('send', 'Where is my order?');
    await waitFor(() => expect(relay.sent.map((m) => m.text)).toEqual(['Where is my order?']));
    await ui().findByText('Where is my order?');
    expect(kept(localStorage)).toContain('token-1');
    kit('reset');
    await waitFor(() => expect(relay.transport.endSession).toHaveBeenCalledWith('token-1'));
    await waitFor(() => expect(ui().queryByText('Where is my order?')).toBeNull());
    expect(kept(localStorage)).not.toContain('token-1');
    expect(kept(localStorage)).not.toContain('Where is my order?');
  });
});

describe('where the widget keeps its state', () => {
  it('with data-storage="session" keeps the conversation in sessionStorage and nothing in localStorage', async () => {
    boot(window, { loadApp, script: script({ storage: 'session' }) });
    kit('open');
    await ui().findByRole('dialog', { name: 'Acme Support' });
    kit('send', 'Only for this tab');
    await waitFor(() => expect(relay.sent).toHaveLength(1));
    await waitFor(() => expect(kept(sessionStorage)).toContain('Only for this tab'));
    expect(localStorage.length).toBe(0);
  });

  /** Chats through the widget on a page whose `localStorage` is `storage`, or throws when read. */
  async function chatWith(storage: () => Storage): Promise<unknown[]> {
    const real = Object.getOwnPropertyDescriptor(window, 'localStorage');
    Object.defineProperty(window, 'localStorage', { configurable: true, get: storage });
    const pageErrors: unknown[] = [];
    const onError = (e: ErrorEvent) => pageErrors.push(e.error);
    window.addEventListener('error', onError);
    try {
      boot(window, { loadApp, script: script() });
      kit('open');
      await ui().findByRole('dialog', { name: 'Acme Support' });
      kit('send', 'Sent without storage');
      await waitFor(() => expect(relay.sent.map((m) => m.text)).toEqual(['Sent without storage']));
      await ui().findByText('Sent without storage');
    } finally {
      window.removeEventListener('error', onError);
      if (real) Object.defineProperty(window, 'localStorage', real);
      else delete (window as { localStorage?: Storage }).localStorage;
    }
    return pageErrors;
  }

  it('still chats when every write is refused (quota), and throws nothing into the page', async () => {
    const writes: string[] = [];
    const full = {
      length: 0,
      key: () => null,
      getItem: () => null,
      removeItem: () => undefined,
      clear: () => undefined,
      setItem: (key: string) => {
        writes.push(key);
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    } as Storage;
    expect(await chatWith(() => full)).toEqual([]);
    expect(writes.length).toBeGreaterThan(0); // it did try, and carried on
  });

  it('still chats when storage is disabled and reading it throws (privacy settings, sandboxed frames)', async () => {
    const disabled = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    expect(await chatWith(disabled)).toEqual([]);
  });
});

describe('embed options', () => {
  const page = 'https://shop.example.org/catalog/';
  const relayOf = (data: Record<string, string>) => appOptions(readOptions(script(data), page)).relayUrl;

  it('data-relay sends the widget to another relay, resolved against the page, without a trailing slash', () => {
    expect(relayOf({})).toBe('https://relay.test');
    expect(relayOf({ relay: 'https://chat.example.net/support/' })).toBe('https://chat.example.net/support');
    expect(relayOf({ relay: '/support' })).toBe('https://shop.example.org/support');
  });

  it('data-relay that is not http or https is ignored for the script\'s own relay', () => {
    expect(relayOf({ relay: 'javascript:alert(1)' })).toBe('https://relay.test');
    expect(relayOf({ relay: 'http://[' })).toBe('https://relay.test');
  });

  it('data-launcher-text writes its text beside the launcher\'s icon, cut to 40 characters', () => {
    boot(window, { loadApp, script: script({ launcherText: 'Chat with a roaster' }) });
    const launcher = shadow().querySelector('.kc-launcher')!;
    expect(launcher.textContent).toBe('Chat with a roaster');
    document.body.innerHTML = '';
    delete win.KitChat;
    boot(window, { loadApp, script: script({ launcherText: 'x'.repeat(60) }) });
    expect(shadow().querySelector('.kc-launcher')!.textContent).toBe('x'.repeat(40));
  });
});

describe('the sound (data-sound="on")', () => {
  /** A WebAudio stand-in that counts the beeps started. */
  function fakeAudio() {
    const beeps = { started: 0 };
    const param = { value: 0, setValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() };
    class FakeAudioContext {
      currentTime = 0;
      destination = {};
      createOscillator() {
        return { type: '', frequency: param, connect: (n: unknown) => n, start: () => void beeps.started++, stop: vi.fn() };
      }
      createGain() {
        return { gain: param, connect: (n: unknown) => n };
      }
    }
    (window as unknown as { AudioContext?: unknown }).AudioContext = FakeAudioContext;
    return beeps;
  }
  afterEach(() => void delete (window as unknown as { AudioContext?: unknown }).AudioContext);

  async function chatThenClose(data: Record<string, string>) {
    boot(window, { loadApp, script: script(data) });
    kit('open');
    await ui().findByRole('dialog', { name: 'Acme Support' });
    kit('send', 'Hello?');
    await waitFor(() => expect(relay.streams.length).toBeGreaterThan(0));
  }

  it('beeps for a reply while the panel is closed, not while the visitor is looking at it', async () => {
    const beeps = fakeAudio();
    await chatThenClose({ sound: 'on' });
    relay.agentSays('Seen in the open panel');
    await ui().findByText('Seen in the open panel');
    kit('close');
    await waitFor(() => expect(panel()).toBeNull());
    relay.agentSays('Arrives while closed');
    await waitFor(() => expect(beeps.started).toBe(1));
    kit('open');
    await ui().findByText('Arrives while closed');
    expect(beeps.started).toBe(1);
  });

  it('stays silent without data-sound', async () => {
    const beeps = fakeAudio();
    await chatThenClose({});
    kit('close');
    await waitFor(() => expect(panel()).toBeNull());
    relay.agentSays('Arrives while closed');
    kit('open');
    await ui().findByText('Arrives while closed');
    expect(beeps.started).toBe(0);
  });
});
