// `kit-chat/widget`: loadKitChat for sites built with a bundler. It adds the relay's own loader
// script (what the one-line embed pastes) with the options as data-* attributes, and resolves
// with the typed KitChat global (public-api.ts) once the widget says `ready`. It bundles none
// of the widget.
import { HANDOFF } from './loader/handoff';
import type { KitChatApi } from './public-api';

export type {
  KitChatApi,
  KitChatCommand,
  KitChatCommands,
  KitChatError,
  KitChatErrorCode,
  KitChatEvent,
  KitChatEvents,
  KitChatListener,
  KitChatMessage,
  KitChatProfile,
} from './public-api';

export interface LoadKitChatOptions {
  /** The relay's base URL, including the path it is mounted under: `https://shop.example/support`. */
  relay: string;
  title?: string;
  greeting?: string;
  /** Hex colour of the launcher and the visitor's bubbles. */
  accent?: string;
  position?: 'left' | 'right';
  locale?: string;
  launcherText?: string;
  storage?: 'local' | 'session' | 'memory';
  sound?: boolean;
  dir?: 'ltr' | 'rtl';
  /** The page's CSP nonce, for the loader script and the chunks it adds. */
  nonce?: string;
  /** Further `data-*` attributes, by their camelCase name (`{ prechat: 'name,email*' }`). */
  data?: Record<string, string>;
  /** How long to wait for `ready` before rejecting (default 15 s). */
  timeoutMs?: number;
}

type QueueingKitChat = ((...args: unknown[]) => void) & { q?: unknown[][]; [HANDOFF]?: 1 };
type KitChatWindow = Window & { KitChat?: QueueingKitChat };

export const LOAD_TIMEOUT_MS = 15_000;
let loading: Promise<KitChatApi> | undefined;

/** Loads the widget once per page; later calls get the same promise. */
export function loadKitChat(options: LoadKitChatOptions): Promise<KitChatApi> {
  loading ??= load(options).catch((err: unknown) => {
    loading = undefined; // a later call may try again
    throw err;
  });
  return loading;
}

function load(options: LoadKitChatOptions): Promise<KitChatApi> {
  if (typeof window === 'undefined' || typeof document === 'undefined') {
    return Promise.reject(new Error('loadKitChat runs in a browser'));
  }
  let base: URL;
  try {
    base = new URL(options.relay.replace(/\/*$/, '/'), document.baseURI);
  } catch {
    return Promise.reject(new Error('loadKitChat: options.relay must be a URL'));
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') return Promise.reject(new Error('loadKitChat: options.relay must be an http(s) URL'));

  const win = window as KitChatWindow;
  // The documented pre-load queue: commands wait in KitChat.q until the loader drains it.
  if (!win.KitChat) {
    const queue: QueueingKitChat = (...args) => void (queue.q ??= []).push(args);
    win.KitChat = queue;
  }
  const api = win.KitChat;

  return new Promise<KitChatApi>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('loadKitChat: the widget did not get ready in time')), options.timeoutMs ?? LOAD_TIMEOUT_MS);
    api('on', 'ready', () => {
      clearTimeout(timer);
      resolve(win.KitChat as unknown as KitChatApi);
    });
    if (api[HANDOFF]) return; // a script tag on the page loaded the widget already
    const script = document.createElement('script');
    script.src = new URL('widget.js', base).href;
    script.async = true;
    if (options.nonce) script.nonce = options.nonce;
    for (const [name, value] of Object.entries(dataAttributes(options))) script.dataset[name] = value;
    script.onerror = () => {
      clearTimeout(timer);
      script.remove();
      reject(new Error('loadKitChat: the widget loader could not be fetched from the relay'));
    };
    document.head.appendChild(script);
  });
}

function dataAttributes(options: LoadKitChatOptions): Record<string, string> {
  const { relay, title, greeting, accent, position, locale, launcherText, storage, sound, dir } = options;
  const data: Record<string, string | undefined> = {
    ...options.data,
    relay,
    title,
    greeting,
    accent,
    position,
    locale,
    launcherText,
    storage,
    sound: sound === undefined ? undefined : sound ? 'on' : 'off',
    dir,
  };
  return Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
