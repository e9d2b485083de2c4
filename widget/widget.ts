// Creates the widget: the models, the plug-ins and the host page's side, wired together. Wiring
// only; what each part does lives in its own module.
import type { EmbedOptions } from './loader/options';
import { announce, errorReporter, type Emit } from './page/announce';
import { currentPage, describePage } from './page/page-info';
import { showUnreadInTitle } from './page/title-badge';
import { watchVisibility } from './page/visibility';
import { createPlugins } from './plugins/registry';
import type { LoadChunk } from './plugins/types';
import { createAttachments } from './state/attachments';
import { createConnection } from './state/connection';
import { createConversation } from './state/conversation';
import { createLocale } from './state/locale';
import { createPanel } from './state/panel';
import { identityOf } from './state/profile';
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
export type Models = Omit<Widget, 'start' | 'dispose' | 'reset'>;

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
  // A conversation far ahead of what this browser holds opens at its newest entries.
  const connection = createConnection({ win, transport, withToken, after: () => conversation.startAfter(session.relayLastSeq()), onError: reportError });
  const activate = () => void connection.start();
  const conversation = createConversation({
    store,
    transport,
    withToken,
    limits: session.limits,
    isOnline: () => connection.network.value,
    activate,
    page: () => currentPage(win),
    onError: reportError,
    greeting: options.greeting,
  });
  connection.on('entry', conversation.apply);
  connection.on('reachable', conversation.flush);
  const panel = createPanel({
    store,
    readSeq: conversation.readSeq,
    onToggle(open) {
      if (open) activate();
      // Business hours: the header is up to date whenever the visitor opens the panel.
      if (open && session.availability.peek()) transport.availability().then((a) => (session.availability.value = a), Boolean);
      emit(open ? 'open' : 'close');
    },
    // The breakpoint where styles.css makes the open panel fill the screen.
    smallScreen: () => !!win.matchMedia?.('(max-width: 639px)').matches,
  });
  const plugins = createPlugins({
    host: { win, store, transport, withToken, limits: session.limits, locale, session, conversation, panel, options, onError: reportError, reset: () => reset() },
    loadChunk: deps.loadChunk,
    adoptCss: deps.adoptCss,
  });
  const attachments = createAttachments({ store, load: () => plugins.use('attach'), activate, onError: reportError });
  const page = watchVisibility(win.document);
  /** Forgets the visitor (and a signed identity) here: a new session starts on the next interaction. */
  function reset(): void {
    connection.stop();
    conversation.clear();
    attachments.clear();
    session.clear();
    panel.clear();
  }
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
      // data-user-id and data-user-hash: a signed-in user, vouched for by the site's backend.
      const signed = identityOf(options.data);
      if (signed) session.identify({}, signed).catch(reportError);
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
      const { data } = options;
      if (data.greetingDelay) plugins.use('greeting').catch(reportError);
      // Until the pre-chat form is here, the composer waits; without it, it sends.
      if (data.prechat) conversation.gate.value = () => false;
      stops.push(
        plugins.useWhen('prechat', () => !!data.prechat && panel.isOpen.value, (error) => {
          conversation.gate.value = null;
          reportError(error);
        }),
        ...(
          [
            ['away', () => session.availability.value?.online === false],
            // Operator and bot text is markdown; a visitor's gets its links.
            ['rich', () => conversation.items.value.some((i) => !!i.text && (i.from != 'visitor' || i.text.includes(':')))],
            ['viewer', () => conversation.items.value.some((i) => !!i.attachments?.length)],
            ['closed', () => conversation.items.value.some((i) => !!i.notice)],
            // The conversation goes back further than what is held: older pages load on scroll.
            ['older', () => (conversation.items.value.find((i) => i.seq != null)?.seq ?? 0) > 1],
          ] as const
        ).map(([name, needed]) => plugins.useWhen(name, needed, reportError)),
        panel.follow({ visible: page.visible, lastSeq: conversation.lastSeq, isActive: connection.isActive }),
        showUnreadInTitle(win.document, conversation.unread, page.visible),
        announce(emit, conversation),
      );
    },
    reset,
    dispose(): void {
      connection.stop();
      attachments.clear();
      stops.splice(0).forEach((stop) => stop());
    },
  };
}
