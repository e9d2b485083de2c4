// The conversation log: greeting, day separators, messages and the closed notices (drawn by
// their plug-in). Stays scrolled to the newest message unless the visitor scrolled
// up to read; at the top it fetches older history and keeps what the visitor sees in place.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { dayKey, formatDay } from '../util/format';
import { useModels } from './context';
import { Avatar } from './Avatar';
import { MessageItem } from './MessageItem';
import { Slot } from './Slot';

const GROUP_MS = 5 * 60_000;

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
  let prevDay = '';
  const title = options.title ?? t.defaultTitle;
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
      <div class="kc-msg kc-msg--theirs kc-msg--first kc-greeting">
        <Avatar name={title} brand />
        <div class="kc-msg__body">
          <div class="kc-bubble" dir="auto">{options.greeting ?? t.defaultGreeting}</div>
        </div>
      </div>
      {items.map((item, i) => {
        const day = dayKey(item.createdAt);
        const separator = day !== prevDay && day ? formatDay(item.createdAt, locale.locale.value, now, t.today, t.yesterday) : null;
        prevDay = day || prevDay;
        const prev = items[i - 1];
        if (item.notice) return <Slot key={item.id} name="notice" item={item} last={i === items.length - 1} />;
        const first =
          !!separator || !prev || prev.notice !== undefined || prev.from !== item.from || prev.sender?.name !== item.sender?.name ||
          Date.parse(item.createdAt) - Date.parse(prev.createdAt) > GROUP_MS;
        return [
          separator && (
            <div key={`d${day}`} class="kc-day">
              <span>{separator}</span>
            </div>
          ),
          <MessageItem key={item.id} item={item} first={first} />,
        ];
      })}
      <Slot name="logEnd" />
    </div>
  );
}
