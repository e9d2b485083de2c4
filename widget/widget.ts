// Creates the widget: the models, the plug-ins and the host page's side, wired together. Wiring
// only; what each part does lives in its own module.
import type { EmbedOptions } from './loader/options';
import { announce, errorReporter, type Emit } from './page/announce';
import { describePage } from './page/page-info';
import { showUnreadInTitle } from './page/title-badge';
import { watchVisibility } from './page/visibility';
import { createPlugins } from './plugins/registry';
import type { LoadChunk } from './plugins/types';
import { createAttachments } from './state/attachments';
import { createConnection } from './state/connection';
import { createConversation } from './state/conversation';
import { createLocale } from './state/locale';
import { createPanel } from './state/panel';
import { createSession, webLock } from './state/session';
import { tokenCaller } from './state/with-token';
import type { Transport } from './transport/types';
import type { KeyValueStore } from './util/storage';

export interface WidgetDeps {
  win: Window;
  transport: Transport;
  store: KeyValueStore;
  options: EmbedOptions;
  emit: Emit;
  /** Fetches the plug-ins: other languages, the attachment composer. */
  loadChunk: LoadChunk;
  /** Adds a plug-in's styles to the widget's shadow root. */
  adoptCss?: (css: string) => void;
}

export type Widget = ReturnType<typeof createWidget>;
/** What the components read: every model, and the embed options. */
export type Models = Omit<Widget, 'start' | 'dispose' | 'reset' | 'reportError'>;

export function createWidget(deps: WidgetDeps) {
  const { win, transport, store, options, emit } = deps;
  const reportError = errorReporter(emit);
  const locale = createLocale({
    preferred: [options.locale, ...(win.navigator.languages ?? []), win.navigator.language],
    load: (name) => plugins.use(name),
    onError: reportError,
  });
  const session = createSession(transport, store, () => ({ locale: locale.locale.value, ...describePage(win) }), () => conversation.clearHistory(), webLock(win));
  const withToken = tokenCaller(session);
  const connection = createConnection({ win, transport, withToken, after: () => conversation.lastSeq.value, onError: reportError });
  const activate = () => void connection.start();
  const conversation = createConversation({
    store,
    transport,
    withToken,
    limits: session.limits,
    isOnline: () => connection.network.value,
    activate,
    onError: reportError,
  });
  connection.on('entry', conversation.apply);
  connection.on('reachable', conversation.flush);
  const plugins = createPlugins({
    host: { win, store, transport, withToken, limits: session.limits, locale, onError: reportError },
    loadChunk: deps.loadChunk,
    adoptCss: deps.adoptCss,
  });
  const attachments = createAttachments({ store, load: () => plugins.use('attach'), activate, onError: reportError });
  const panel = createPanel({
    store,
    readSeq: conversation.readSeq,
    onToggle(open) {
      if (open) activate();
      emit(open ? 'open' : 'close');
    },
  });
  const page = watchVisibility(win.document);
  const stops: (() => void)[] = [page.stop];

  return {
    options,
    locale,
    session,
    limits: session.limits,
    connection,
    conversation,
    attachments,
    panel,
    plugins,
    reportError,
    /** Resumes a stored session (so replies reach the badge) and starts following the page. */
    start(): void {
      if (session.hasStored()) {
        panel.restore();
        activate();
      }
      void locale.whenReady();
      attachments.resume();
      if (options.sound) {
        // A reply beeps unless the visitor is looking at the open panel.
        const unseen = () => !page.visible.value || !panel.isOpen.value;
        plugins.use('sound').then((beep) => stops.push(conversation.on('message', () => unseen() && beep())), reportError);
      }
      stops.push(
        plugins.useWhen('viewer', () => conversation.items.value.some((i) => !!i.attachments?.length), reportError),
        panel.follow({ visible: page.visible, lastSeq: conversation.lastSeq, isActive: connection.isActive }),
        showUnreadInTitle(win.document, conversation.unread, page.visible),
        announce(emit, conversation),
      );
    },
    /** Forgets the visitor: a new session starts on the next interaction. */
    reset(): void {
      connection.stop();
      conversation.clear();
      attachments.clear();
      session.clear();
      panel.clear();
    },
    dispose(): void {
      connection.stop();
      attachments.clear();
      stops.splice(0).forEach((stop) => stop());
    },
  };
}
