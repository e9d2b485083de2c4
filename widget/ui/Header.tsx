// The panel header: title, connection status and the minimize button (named apart from the
// launcher, which says "Close chat" while the panel is open).
import { TITLE_ID, useModels } from './context';
import { Avatar } from './Avatar';
import { CloseIcon } from './Icons';

export function Header({ onClose }: { onClose: () => void }) {
  const { connection, locale, options } = useModels();
  const t = locale.strings.value;
  const status = connection.status.value;
  const title = options.title ?? t.defaultTitle;
  const label = status === 'online' ? t.statusOnline : status === 'offline' ? t.statusOffline : status === 'idle' ? '' : t.statusConnecting;
  return (
    <header class="kc-header">
      <Avatar name={title} brand />
      <div class="kc-header__text">
        <h2 id={TITLE_ID} class="kc-title">
          {title}
        </h2>
        {label && (
          <p class={`kc-status kc-status--${status}`}>
            <span class="kc-dot" aria-hidden="true" />
            {label}
          </p>
        )}
      </div>
      <button type="button" class="kc-icon-btn" aria-label={t.minimizeChat} onClick={onClose}>
        <CloseIcon size={20} />
      </button>
    </header>
  );
}
