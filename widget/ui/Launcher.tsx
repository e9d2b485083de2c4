// The floating launcher: opens and closes the panel and shows the unread count.
import type { Ref } from 'preact';
import { PANEL_ID, useModels } from './context';
import { ChatIcon, ChevronIcon } from './Icons';

export function Launcher({ buttonRef }: { buttonRef: Ref<HTMLButtonElement> }) {
  const { panel, conversation, locale, options } = useModels();
  const t = locale.strings.value;
  const open = panel.isOpen.value;
  const unread = conversation.unread.value;
  const label = open ? t.closeChat : unread ? `${t.openChat}, ${t.unreadLabel(unread)}` : t.openChat;
  const text = options.launcherText;
  return (
    <button
      ref={buttonRef}
      type="button"
      class={`kc-launcher${text && !open ? ' kc-launcher--text' : ''}`}
      hidden={panel.launcherHidden.value}
      aria-expanded={open}
      aria-controls={PANEL_ID}
      aria-label={label}
      onClick={panel.toggle}
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
