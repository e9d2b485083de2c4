// The widget model: session, conversation, outbox and connection wired together, plus the
// panel's open state, locale and the host-page events. Everything the UI reads lives here.
import { effect, signal } from '@preact/signals';
import type { SessionRequest, VisitorProfile } from '../../protocol/relay-api';
import type { EmbedOptions } from '../loader/options';
import type { LoadChunk } from '../lazy/types';
import type { Transport } from '../transport/types';
import { beep, createTitleBadge } from '../util/attention';
import type { KeyValueStore } from '../util/storage';
import { createAttachments } from './attachments';
import { createChat } from './chat';
import { createConnection } from './connection';
import { createOutbox } from './outbox';
import { createLocale } from './locale';
import { createSession, webLock } from './session';

export type WidgetEvent = 'ready' | 'open' | 'close' | 'message' | 'unread' | 'error';
export type Emit = (event: WidgetEvent, payload?: unknown) => void;

interface StoredUi {
  open: boolean;
  readSeq: number;
}

export type Widget = ReturnType<typeof createWidget>;

export interface WidgetDeps {
  win: Window;
  transport: Transport;
  store: KeyValueStore;
  options: EmbedOptions;
  emit: Emit;
  /** Fetches the parts used only sometimes: other languages, the attachment composer. */
  loadChunk: LoadChunk;
  /** Adds a chunk's styles to the widget's shadow root. */
  adoptCss?: (css: string) => void;
}

export function createWidget(deps: WidgetDeps) {
  const { win, transport, store, options, emit } = deps;
  const doc = win.document;
  const isOpen = signal(false);
  const launcherHidden = signal(false);
  const visible = signal(doc.visibilityState !== 'hidden');
  /** Bumped when the visitor (not another tab) opens the panel: the UI moves focus then. */
  const focusRequest = signal(0);

  const reportError = (error: unknown) => emit('error', { code: (error as { code?: string })?.code ?? 'UNKNOWN' });
  const lang = createLocale(win, options.locale, deps.loadChunk, reportError);
  const { locale, strings } = lang;
  const chat = createChat(store);
  const describe = (): SessionRequest => {
    const url = new URL(win.location.href);
    const utm: Record<string, string> = {};
    for (const key of ['source', 'medium', 'campaign', 'term', 'content']) {
      const value = url.searchParams.get(`utm_${key}`);
      if (value) utm[key] = value.slice(0, 200);
    }
    return {
      locale: locale.value,
      page: { url: url.href.slice(0, 2000), title: doc.title.slice(0, 300), referrer: doc.referrer.slice(0, 2000) },
      ...(Object.keys(utm).length ? { utm } : {}),
    };
  };
  const session = createSession(transport, store, describe, () => chat.clear(), webLock(win));
  let outbox: ReturnType<typeof createOutbox>;
  const connection = createConnection({
    win,
    transport,
    session,
    after: () => chat.lastSeq.value,
    onEntry(entry) {
      const added = chat.apply(entry);
      if (!added) return;
      emit('message', { id: added.id, from: added.from, text: added.text, createdAt: added.createdAt });
      if (options.sound && (!visible.value || !isOpen.value)) beep(win);
    },
    onReachable: () => void outbox.flush(),
    onError: reportError,
  });
  outbox = createOutbox({ transport, session, chat, store, isOnline: connection.isOnline, onError: reportError });
  const attachments = createAttachments({ win, transport, session, store, loadChunk: deps.loadChunk, adoptCss: deps.adoptCss, onError: reportError });
  const { uploads } = attachments;

  const saveUi = () => store.set('ui', { open: isOpen.value, readSeq: chat.readSeq.value } satisfies StoredUi);
  const loadUi = () => {
    const ui = store.get<StoredUi>('ui');
    if (!ui) return;
    isOpen.value = ui.open === true;
    chat.readSeq.value = Math.max(chat.readSeq.value, Number(ui.readSeq) || 0);
  };
  let active = false;
  const activate = () => {
    active = true;
    void connection.start();
  };
  const cleanups: (() => void)[] = [];

  function setOpen(open: boolean): void {
    if (isOpen.value === open) return;
    isOpen.value = open;
    if (open) {
      focusRequest.value++;
      activate();
    }
    saveUi();
    emit(open ? 'open' : 'close');
  }

  return {
    options,
    locale,
    strings,
    isOpen,
    launcherHidden,
    focusRequest,
    chat,
    limits: session.limits,
    status: connection.status,
    network: connection.network,
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!isOpen.value),
    uploads,
    attachChunk: attachments.chunk,
    whenLocaleReady: lang.whenReady,
    prepareAttach: attachments.prepare,
    /** Files picked, dropped or pasted: checked, then uploaded, in the attachment composer. */
    addFiles(files: File[]): void {
      activate();
      attachments.add(files);
    },
    send(text: string): boolean {
      activate();
      return outbox.send(text);
    },
    /** The composer's send: the text plus every uploaded attachment, once none is still uploading. */
    submit(text: string): boolean {
      const u = uploads.value;
      if (u?.isBusy.value) return false;
      activate();
      const files = u?.drafts.value.filter((d) => d.uploaded).map((d) => d.uploaded!) ?? [];
      if (!outbox.send(text, files)) return false;
      u?.take();
      return true;
    },
    retry: (id: string) => outbox.retry(id),
    identify(profile: VisitorProfile): void {
      const clean: VisitorProfile = {};
      for (const key of ['name', 'email', 'phone'] as const) {
        if (typeof profile?.[key] === 'string') clean[key] = profile[key]!.trim().slice(0, 200);
      }
      session.identify(clean).catch(reportError);
    },
    setLocale: lang.set,
    hideLauncher: () => void (launcherHidden.value = true),
    showLauncher: () => void (launcherHidden.value = false),
    /** Forgets the visitor: a new session starts on the next interaction. */
    reset(): void {
      connection.stop();
      outbox.clear();
      uploads.value?.clear();
      chat.clear();
      session.clear();
      store.remove('ui');
      isOpen.value = false;
      active = false;
    },
    /** Resumes a stored session (so replies reach the badge) and starts the page listeners. */
    start(): void {
      const onVisibility = () => (visible.value = doc.visibilityState !== 'hidden');
      doc.addEventListener('visibilitychange', onVisibility);
      cleanups.push(() => doc.removeEventListener('visibilitychange', onVisibility));
      cleanups.push(store.watch((key) => key === 'ui' && loadUi()));
      if (session.hasStored()) {
        loadUi();
        activate();
      }
      attachments.resume();
      const title = createTitleBadge(doc);
      cleanups.push(() => title.restore());
      let lastUnread = chat.unread.peek();
      if (lastUnread > 0) emit('unread', lastUnread);
      cleanups.push(
        effect(() => {
          // Reading while open and visible marks everything read, in every tab.
          if (isOpen.value && visible.value && chat.lastSeq.value > chat.readSeq.peek() && active) {
            chat.readSeq.value = chat.lastSeq.value;
            saveUi();
          }
        }),
        effect(() => {
          const unread = chat.unread.value;
          title.update(visible.value ? 0 : unread);
          if (unread !== lastUnread) emit('unread', (lastUnread = unread));
        }),
      );
    },
    dispose(): void {
      connection.stop();
      uploads.value?.clear();
      cleanups.splice(0).forEach((fn) => fn());
    },
  };
}
