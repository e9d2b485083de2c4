// The conversation log: day separators, the conversation's greeting under its first day,
// messages and the closed notices (drawn by their plug-in). Stays scrolled to the newest
// message unless the visitor scrolled up to read; at the top it fetches older history and keeps
// what the visitor sees in place.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatItem } from '../state/history';
import { dayKey, formatDay } from '../util/format';
import { useModels } from './context';
import { Avatar } from './Avatar';
import { MessageItem } from './MessageItem';
import { Slot } from './Slot';

const GROUP_MS = 5 * 60_000;

/** Whether `b` continues `a`'s run: the same sender, the same day, within GROUP_MS. */
const joins = (a: ChatItem | undefined, b: ChatItem | undefined): boolean =>
  !!a && !!b && !a.notice && !b.notice && a.from === b.from && a.sender?.name === b.sender?.name &&
  dayKey(a.createdAt) === dayKey(b.createdAt) && Date.parse(b.createdAt) - Date.parse(a.createdAt) <= GROUP_MS;

export function MessageList() {
  const { conversation, panel, locale, options } = useModels();
  const t = locale.strings.value;
  const items = conversation.items.value;
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const open = panel.isOpen.value;

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [items, open]);
  useEffect(() => {
    // The composer growing or the keyboard opening shrinks the log: keep the newest in view.
    const el = ref.current;
    const Observer = el?.ownerDocument.defaultView?.ResizeObserver;
    if (!el || !Observer) return;
    const observer = new Observer(() => stick.current && (el.scrollTop = el.scrollHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const now = new Date();
  const day = (iso: string) => (
    <div key={`d${dayKey(iso)}`} class="kc-day">
      <span>{formatDay(iso, locale.locale.value, now, t.today, t.yesterday)}</span>
    </div>
  );
  // The greeting opens the conversation: under the day it began on (today, for a new one).
  const began = items.find((i) => dayKey(i.createdAt))?.createdAt ?? now.toISOString();
  let prevDay = dayKey(began);
  return (
    <div
      ref={ref}
      class="kc-log"
      role="log"
      aria-live="polite"
      aria-label={t.messages}
      tabIndex={0}
      // Images grow the log when they arrive (load does not bubble, so listen in capture).
      onLoadCapture={() => {
        const el = ref.current;
        if (el && stick.current) el.scrollTop = el.scrollHeight;
      }}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      <Slot name="logTop" />
      {day(began)}
      <div class="kc-msg kc-msg--theirs kc-msg--first kc-greeting">
        <Avatar name={options.title ?? t.defaultTitle} />
        <div class="kc-msg__body">
          <div class="kc-bubble" dir="auto">{(conversation.greeting.value === undefined ? options.greeting : conversation.greeting.value) ?? t.defaultGreeting}</div>
        </div>
      </div>
      {items.map((item, i) => {
        if (item.notice) return <Slot key={item.id} name="notice" item={item} last={i === items.length - 1} />;
        const key = dayKey(item.createdAt);
        const separator = key && key !== prevDay && day(item.createdAt);
        prevDay = key || prevDay;
        // A run of messages from one sender: the name by the first, the avatar by the last.
        return [separator, <MessageItem key={item.id} item={item} first={!joins(items[i - 1], item)} last={!joins(item, items[i + 1])} />];
      })}
      <Slot name="logEnd" />
    </div>
  );
}
