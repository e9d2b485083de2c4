// The app chunk: takes over the loader's shadow root, creates the widget, draws it and answers
// the public API's commands. Fetched on first interaction, or at once when a session is stored.
import { h, render } from 'preact';
import { createCommands } from './commands';
import type { LoadScript } from './loader/handoff';
import type { Mounted } from './loader/mount';
import { appOptions, type LoaderOptions } from './loader/options';
import { errorReporter, type Emit } from './page/announce';
import { SHARED_MODULES } from './plugins/shared';
import type { LoadChunk } from './plugins/types';
import type { KitChatCommand } from './public-api';
import { createHttpTransport } from './transport/http';
import type { Transport } from './transport/types';
import { App } from './ui/App';
import { installEventGuard } from './ui/guard';
import css from './ui/styles.css?inline';
import { createStore, type KeyValueStore } from './util/storage';
import { createWidget } from './widget';

export type { Emit };

export interface AppContext {
  win: Window;
  mounted: Mounted;
  options: LoaderOptions;
  emit: Emit;
  /** The loader's script loader, which the plug-in chunks come through too. */
  loadScript: LoadScript;
  /** Tests pass fakes; the page gets the real relay client and browser storage. */
  transport?: Transport;
  store?: KeyValueStore;
  loadChunk?: LoadChunk;
}

/** How long the first render waits for the visitor's language before it goes ahead in English. */
export const LOCALE_WAIT_MS = 4_000;

export interface AppHandle {
  /** Runs a command the loader has checked against public-api.ts. */
  run(command: KitChatCommand, arg?: unknown): void;
  dispose(): void;
}

export type StartApp = (ctx: AppContext) => AppHandle;

export const startApp: StartApp = (ctx) => {
  const { win, mounted, emit } = ctx;
  const options = appOptions(ctx.options);
  const onError = errorReporter(emit);
  installEventGuard(onError);
  mounted.adopt(css);
  const store = ctx.store ?? createStore(win, options.storage);
  const loadChunk: LoadChunk = ctx.loadChunk ?? ((name) => ctx.loadScript(`${options.assetsUrl}/${name}-${__KITCHAT_CHUNK_HASH__}.js`, SHARED_MODULES));
  const transport = ctx.transport ?? createHttpTransport(options.relayUrl, win, () => loadChunk('attach').then((m) => m.uploadFile));
  const widget = createWidget({ win, transport, store, options, emit, loadChunk, adoptCss: mounted.adopt });
  const commands = createCommands(widget);
  widget.start();
  // The loader's launcher stays (and takes clicks) until the panel can speak the right language.
  let disposed = false;
  let timer: number | undefined;
  const show = () => {
    win.clearTimeout(timer);
    if (disposed || !mounted.mountPoint.contains(mounted.launcher)) return;
    const hadFocus = mounted.root.activeElement === mounted.launcher;
    mounted.mountPoint.textContent = '';
    render(h(App, { widget, onError }), mounted.mountPoint);
    if (hadFocus) mounted.mountPoint.querySelector<HTMLElement>('.kc-launcher')?.focus();
  };
  timer = win.setTimeout(show, LOCALE_WAIT_MS);
  // A microtask later: commands queued before the app arrived (setLocale) have run by then.
  void Promise.resolve()
    .then(() => widget.locale.whenReady())
    .then(show);

  return {
    run(command, arg) {
      (commands[command] as (arg?: unknown) => void)(arg);
    },
    dispose() {
      disposed = true;
      win.clearTimeout(timer);
      render(null, mounted.mountPoint);
      widget.dispose();
    },
  };
};
