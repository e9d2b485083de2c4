// The app chunk: takes over the loader's shadow root, renders the widget and answers the
// public API's commands. Fetched on first interaction, or at once when a session is stored.
import { h, render } from 'preact';
import { appOptions, type LoaderOptions } from './loader/options';
import type { Mounted } from './loader/mount';
import { createChunkLoader } from './lazy/load';
import type { LoadChunk } from './lazy/types';
import { createWidget, type Emit } from './state/widget';
import { createHttpTransport } from './transport/http';
import type { Transport } from './transport/types';
import { App } from './ui/App';
import { installEventGuard } from './ui/guard';
import css from './ui/styles.css?inline';
import { createStore, type KeyValueStore } from './util/storage';

export interface AppContext {
  win: Window;
  mounted: Mounted;
  options: LoaderOptions;
  emit: Emit;
  /** Tests pass fakes; the page gets the real relay client and browser storage. */
  transport?: Transport;
  store?: KeyValueStore;
  loadChunk?: LoadChunk;
}

/** How long the first render waits for the visitor's language before it goes ahead in English. */
export const LOCALE_WAIT_MS = 4_000;

export interface AppHandle {
  run(command: string, args: unknown[]): void;
  dispose(): void;
}

export type StartApp = (ctx: AppContext) => AppHandle;

export const startApp: StartApp = (ctx) => {
  const { win, mounted, emit } = ctx;
  const options = appOptions(ctx.options);
  const onError = (error: unknown) => emit('error', { code: (error as { code?: string })?.code ?? 'UNKNOWN' });
  installEventGuard(onError);
  mounted.adopt(css);
  const store = ctx.store ?? createStore(win, options.storage);
  const loadChunk = ctx.loadChunk ?? createChunkLoader(win, options.assetsUrl, options.nonce);
  const transport = ctx.transport ?? createHttpTransport(options.relayUrl, win, () => loadChunk('attach').then((m) => m.uploadFile));
  const widget = createWidget({ win, transport, store, options, emit, loadChunk, adoptCss: mounted.adopt });
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
    .then(() => widget.whenLocaleReady())
    .then(show);

  const commands: Record<string, (arg?: unknown) => unknown> = {
    open: widget.open,
    close: widget.close,
    toggle: widget.toggle,
    send: (text) => typeof text === 'string' && widget.send(text),
    identify: (profile) => profile && typeof profile === 'object' && widget.identify(profile),
    setLocale: (locale) => typeof locale === 'string' && widget.setLocale(locale),
    hideLauncher: widget.hideLauncher,
    showLauncher: widget.showLauncher,
    reset: widget.reset,
  };
  return {
    run(command, args) {
      commands[command]?.(args[0]);
    },
    dispose() {
      disposed = true;
      win.clearTimeout(timer);
      render(null, mounted.mountPoint);
      widget.dispose();
    },
  };
};
