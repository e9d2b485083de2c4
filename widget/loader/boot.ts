// Boot: installs the KitChat global (draining the pre-load queue), checks every call against
// public-api.ts, mounts the launcher and fetches the app on first interaction (or at once for a
// stored session). Idempotent: a second script tag finds the first widget and does nothing.
import type { AppHandle, Emit, StartApp } from '../app';
import { COMMANDS, EVENTS, type KitChatApi, type KitChatEvent } from '../public-api';
import { STORAGE_PREFIX } from '../util/storage';
import { HANDOFF, scriptLoader, type LoadScript } from './handoff';
import { HOST_ID, mount, type Mounted } from './mount';
import { findScript, readOptions, type LoaderOptions } from './options';

type Listener = (payload?: unknown) => void;
type KitWindow = Window & { KitChat?: KitChatApi & { [HANDOFF]?: 1 } };

export interface BootDeps {
  loadApp: (options: LoaderOptions, loadScript: LoadScript) => Promise<StartApp>;
  /** The embedding script tag; found in the document when not given. */
  script?: HTMLScriptElement | null;
}

/** Commands that only the app can carry out: they fetch it. */
const NEEDS_APP = ['open', 'toggle', 'send'];

const has = (table: object, key: unknown): key is string => typeof key == 'string' && Object.hasOwn(table, key);

function storedSession(win: Window, options: LoaderOptions): boolean {
  try {
    // localStorage or sessionStorage; there is no memoryStorage, so memory mode finds nothing.
    const area = (win as unknown as Record<string, Storage | undefined>)[`${options.storage}Storage`];
    return !!area?.getItem(`${STORAGE_PREFIX}session`);
  } catch {
    return false;
  }
}

export function boot(win: Window, deps: BootDeps): void {
  const w = win as KitWindow;
  const doc = win.document;
  const previous = w.KitChat;
  if (previous?.[HANDOFF] || doc.getElementById(HOST_ID)) return;
  const options = readOptions(deps.script === undefined ? findScript(doc) : deps.script, win.location.href);
  const loadScript = scriptLoader(doc, options.nonce);
  const listeners: Partial<Record<KitChatEvent, Listener[]>> = {};
  const pending: unknown[][] = [];
  let mounted: Mounted | null = null;
  let app: AppHandle | null = null;
  let loading = false;
  let ready = false;

  const emit: Emit = (event, payload) => {
    for (const fn of listeners[event]?.slice() ?? []) {
      try {
        fn(payload);
      } catch {
        /* a host listener's failure is the host's own */
      }
    }
  };
  /** A call the API does not take: one warning for the page's developer and an error event, never a throw. */
  const refuse = (code: 'UNKNOWN_COMMAND' | 'BAD_ARGUMENT', command: unknown) => {
    command = String(command);
    console.warn('KitChat:', code, command);
    emit('error', { code, command: command as string });
  };
  const load = () => {
    if (loading || !mounted) return;
    loading = true;
    deps
      .loadApp(options, loadScript)
      .then((start) => {
        app = start({ win, mounted: mounted!, options, emit, loadScript });
        pending.splice(0).forEach(run);
      })
      .catch(() => {
        loading = false; // a later interaction tries again
        emit('error', { code: 'LOAD_FAILED' });
      });
  };
  function run(args: unknown[]): void {
    const [command, arg, fn] = args;
    if (command === 'on' || command === 'off') {
      if (!has(EVENTS, arg) || ((command == 'on' || fn !== undefined) && typeof fn != 'function')) return refuse('BAD_ARGUMENT', command);
      const event = arg as KitChatEvent;
      if (command == 'off') listeners[event] = fn ? listeners[event]?.filter((f) => f !== fn) : [];
      else {
        (listeners[event] ??= []).push(fn as Listener);
        if (event == 'ready' && ready) (fn as Listener)();
      }
    } else if (!has(COMMANDS, command)) refuse('UNKNOWN_COMMAND', command);
    else if (!COMMANDS[command as keyof typeof COMMANDS](arg)) refuse('BAD_ARGUMENT', command);
    else if (app) app.run(command as keyof typeof COMMANDS, arg);
    else {
      // Calls run only once the launcher is mounted.
      if (command == 'hideLauncher' || command == 'showLauncher') mounted!.launcher.hidden = command == 'hideLauncher';
      pending.push(args);
      if (NEEDS_APP.includes(command)) load();
    }
  }

  const api = ((...args: unknown[]) => {
    try {
      if (mounted) run(args);
      else pending.push(args);
    } catch {
      emit('error', { code: 'UNKNOWN' });
    }
  }) as KitChatApi;
  // The one mark a second loader looks for: keyed by a symbol, read-only, not enumerable.
  Object.defineProperty(api, HANDOFF, { value: 1 });
  w.KitChat = api;

  const start = () => {
    try {
      mounted = mount(doc, options, /^ru/i.test(options.locale ?? win.navigator.language) ? 'Открыть чат' : 'Open chat');
      const { launcher } = mounted;
      launcher.onclick = () => api('open');
      // Intent to open: start fetching the app so the panel is there on click.
      launcher.onpointerenter = launcher.onfocus = load;
      const queued = [...Array.from(previous?.q ?? []), ...pending.splice(0)];
      for (const args of queued) run(Array.from(args as ArrayLike<unknown>));
      // A stored session wants its unread replies now; a greeting bubble (data-greeting-delay)
      // needs the app once its delay is over. Neither calls the relay's API before that.
      const delay = storedSession(win, options) ? 0 : Number(options.data.greetingDelay);
      if (delay >= 0) win.setTimeout(load, delay * 1e3);
      ready = true;
      emit('ready');
    } catch {
      /* the widget stays away; the page goes on */
    }
  };
  if (doc.body) start();
  else doc.addEventListener('DOMContentLoaded', start, { once: true });
}
