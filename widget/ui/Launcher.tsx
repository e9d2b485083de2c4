// The floating launcher: opens and closes the panel and shows the unread count.
import type { Ref } from 'preact';
import { PANEL_ID, useWidget } from './context';
import { ChatIcon, ChevronIcon } from './Icons';

export function Launcher({ buttonRef }: { buttonRef: Ref<HTMLButtonElement> }) {
  const w = useWidget();
  const t = w.strings.value;
  const open = w.isOpen.value;
  const unread = w.chat.unread.value;
  const label = open ? t.closeChat : unread ? `${t.openChat}, ${t.unreadLabel(unread)}` : t.openChat;
  const text = w.options.launcherText;
  return (
    <button
      ref={buttonRef}
      type="button"
      class={`kc-launcher${text && !open ? ' kc-launcher--text' : ''}`}
      hidden={w.launcherHidden.value}
      aria-expanded={open}
      aria-controls={PANEL_ID}
      aria-label={label}
      onClick={w.toggle}
    >
      {open ? <ChevronIcon /> : <ChatIcon />}
      {text && !open && <span class="kc-launcher__text">{text}</span>}
      {unread > 0 && !open && (
        <span class="kc-badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </button>
  );
}
