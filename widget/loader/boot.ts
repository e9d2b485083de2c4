// Boot: installs the KitChat global (draining the pre-load queue), mounts the launcher and
// fetches the app on first interaction, or at once when a stored session must resume.
// Idempotent: a second script tag finds the first widget and does nothing.
import type { AppHandle, StartApp } from '../app';
import type { WidgetEvent } from '../state/widget';
import { STORAGE_PREFIX } from '../util/storage';
import { HOST_ID, mount, type Mounted } from './mount';
import { findScript, readOptions, type LoaderOptions } from './options';

type Listener = (payload?: unknown) => void;
export type KitChatFn = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[]; _r?: (start: StartApp) => void; _kc?: true };
type KitWindow = Window & { KitChat?: KitChatFn };

export interface BootDeps {
  loadApp: (options: LoaderOptions, win: Window) => Promise<StartApp>;
  /** The embedding script tag; found in the document when not given. */
  script?: HTMLScriptElement | null;
}

/** Commands that only the app can carry out: they fetch it. */
const NEEDS_APP = ['open', 'toggle', 'send'];

function storedSession(win: Window, options: LoaderOptions): boolean {
  try {
    const area = options.storage === 'local' ? win.localStorage : options.storage === 'session' ? win.sessionStorage : null;
    return !!area?.getItem(`${STORAGE_PREFIX}session`);
  } catch {
    return false;
  }
}

export function boot(win: Window, deps: BootDeps): void {
  const w = win as KitWindow;
  const doc = win.document;
  const previous = w.KitChat;
  if (previous?._kc || doc.getElementById(HOST_ID)) return;
  const options = readOptions(deps.script === undefined ? findScript(doc) : deps.script, win.location.href);
  const listeners: Partial<Record<WidgetEvent, Listener[]>> = {};
  const pending: unknown[][] = [];
  let mounted: Mounted | null = null;
  let app: AppHandle | null = null;
  let loading = false;
  let ready = false;

  const emit = (event: WidgetEvent, payload?: unknown) => {
    for (const fn of listeners[event]?.slice() ?? []) {
      try {
        fn(payload);
      } catch {
        /* a host listener's failure is the host's own */
      }
    }
  };
  const load = () => {
    if (loading || !mounted) return;
    loading = true;
    deps
      .loadApp(options, win)
      .then((start) => {
        app = start({ win, mounted: mounted!, options, emit });
        pending.splice(0).forEach(run);
      })
      .catch(() => {
        loading = false; // a later interaction tries again
        emit('error', { code: 'LOAD_FAILED' });
      });
  };
  function run(args: unknown[]): void {
    const [command, event, fn] = args as [string, WidgetEvent, Listener];
    if (command === 'on' && typeof fn === 'function') {
      (listeners[event] ??= []).push(fn);
      if (event === 'ready' && ready) fn();
    } else if (command === 'off') {
      listeners[event] = fn ? listeners[event]?.filter((f) => f !== fn) : [];
    } else if (app) {
      app.run(command, args.slice(1));
    } else {
      if (mounted && (command === 'hideLauncher' || command === 'showLauncher')) mounted.launcher.hidden = command === 'hideLauncher';
      pending.push(args);
      if (NEEDS_APP.includes(command)) load();
    }
  }

  const api: KitChatFn = (...args) => {
    try {
      if (mounted) run(args);
      else pending.push(args);
    } catch {
      emit('error', { code: 'API' });
    }
  };
  api._kc = true;
  w.KitChat = api;

  const start = () => {
    try {
      const ru = (options.locale ?? win.navigator.language ?? '').toLowerCase().startsWith('ru');
      mounted = mount(doc, options, ru ? 'Открыть чат' : 'Open chat');
      mounted.launcher.addEventListener('click', () => api('open'));
      // Intent to open: start fetching the app so the panel is there on click.
      mounted.launcher.addEventListener('pointerenter', load);
      mounted.launcher.addEventListener('focus', load);
      const queued = [...Array.from(previous?.q ?? []), ...pending.splice(0)];
      for (const args of queued) run(Array.from(args as ArrayLike<unknown>));
      if (options.storage !== 'memory' && storedSession(win, options)) load();
      ready = true;
      emit('ready');
    } catch {
      /* the widget stays away; the page goes on */
    }
  };
  if (doc.body) start();
  else doc.addEventListener('DOMContentLoaded', start, { once: true });
}
