// The panel's menu (README, What the visitor gets): "Download conversation" saves the whole conversation as plain
// text in the visitor's language and time zone (times, names, text, attachment links), older
// pages fetched from the relay first, so what scrolled out of the widget is in it too; and
// "Delete this conversation", which erases the visitor on the relay (DELETE /v1/visitor).
import type { MailboxEntry } from '../../protocol/relay-api';
import { closedText } from '../i18n/closed';
import type { CoreStrings } from '../i18n/en';
import type { closed, menu, viewer } from '../i18n/en-more';
import type { ForgetVisitor } from '../transport/forget';
import type { ListMessages } from '../transport/list';
import type { Session } from './session';
import type { Conversation } from './conversation';
import type { ChatItem } from './history';
import type { WithToken } from './with-token';

/** The transcript reaches back at most this many entries (one request per 500). */
export const TRANSCRIPT_MAX_ENTRIES = 10_000;
const PAGE = 500;

/** Mailbox entries as the lines of a transcript need them: messages and closed notices. */
function toItems(entries: MailboxEntry[]): ChatItem[] {
  return entries.flatMap((e): ChatItem[] =>
    e.type === 'message' && e.message && typeof e.message.id == 'string'
      ? [{ ...e.message, seq: e.seq }]
      : e.type === 'conversation'
        ? [{ id: `closed:${e.seq}`, from: 'system', notice: 'closed', reason: e.reason, seq: e.seq, createdAt: '' }]
        : [],
  );
}

/** The transcript text of `items` (oldest first). */
export type TranscriptStrings = CoreStrings & typeof menu & typeof closed & Pick<typeof viewer, 'attachment'>;

export function transcript(items: ChatItem[], t: TranscriptStrings, locale: string, title: string, now = new Date()): string {
  const when = (iso: string) => {
    const d = new Date(iso);
    return isNaN(+d) ? '' : d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  };
  const lines = [t.transcriptTitle(title), t.transcriptSaved(when(now.toISOString())), ''];
  for (const item of items) {
    if (item.notice) {
      lines.push(`— ${closedText(item.reason, t)} —`);
      continue;
    }
    const name = item.from === 'visitor' ? t.you : item.sender?.name || (item.from === 'bot' ? t.bot : t.agent);
    const [first = '', ...more] = (item.text ?? '').split(/\r\n?|\n/);
    lines.push(`[${when(item.createdAt)}] ${name}: ${first}`, ...more.map((line) => `    ${line}`));
    for (const a of item.attachments ?? []) {
      if (a && typeof a == 'object') lines.push(`    ${t.attachment}: ${[a.name, a.url, a.address, a.phone].filter(Boolean).join(' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export type Menu = ReturnType<typeof createMenu>;

export function createMenu(deps: {
  win: Window;
  /** The panel's title, which heads the transcript. */
  title?: string;
  conversation: Pick<Conversation, 'items'>;
  /** GET /v1/messages (transport/list.ts). */
  listMessages: ListMessages;
  withToken: WithToken;
  onError: (error: unknown) => void;
  session: Pick<Session, 'hasStored'>;
  /** DELETE /v1/visitor (transport/forget.ts). */
  forgetVisitor: ForgetVisitor;
  /** Forgets the visitor in this browser (KitChat('reset')). */
  reset: () => void;
}) {
  /** Every entry before the oldest one held, up to TRANSCRIPT_MAX_ENTRIES. */
  async function older(before: number): Promise<MailboxEntry[]> {
    const entries: MailboxEntry[] = [];
    while (before > 1 && entries.length < TRANSCRIPT_MAX_ENTRIES) {
      const { messages } = await deps.withToken((token) => deps.listMessages(token, { before, limit: PAGE }));
      if (!messages?.length) break;
      entries.unshift(...messages);
      before = messages[0]!.seq;
    }
    return entries;
  }

  return {
    onError: deps.onError,
    /**
     * Erases the visitor on the relay, then forgets it here; rejects, changing nothing here, when
     * the relay could not do it. (Forgetting here also logs out at the relay: its token is dead
     * already, so that call is refused, harmlessly.)
     */
    async forget(): Promise<void> {
      if (deps.session.hasStored()) await deps.withToken((token) => deps.forgetVisitor(token));
      deps.reset();
    },
    /** Builds the transcript and hands it to the browser as a download. */
    async download(t: TranscriptStrings, locale: string): Promise<void> {
      const held = deps.conversation.items.peek();
      const first = held.find((i) => i.seq != null)?.seq ?? 0;
      const ids = new Set(held.map((i) => i.id));
      const items = [...toItems(await older(first)).filter((i) => !ids.has(i.id)), ...held];
      const win = deps.win as Window & typeof globalThis;
      const text = transcript(items, t, locale, deps.title ?? t.defaultTitle);
      const url = win.URL.createObjectURL(new win.Blob([text], { type: 'text/plain;charset=utf-8' }));
      const a = win.document.createElement('a');
      a.href = url;
      a.download = `${t.transcriptFile}-${new Date().toISOString().slice(0, 10)}.txt`;
      a.click();
      win.setTimeout(() => win.URL.revokeObjectURL(url), 60_000);
    },
  };
}
