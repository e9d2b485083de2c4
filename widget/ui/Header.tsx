// The panel header: title, the team's availability (business hours; a lost connection is the
// banner's business), the menu button and the close button. The close button is named for what
// it does, "Close chat", as the launcher is while the panel is open: both close the panel.
import { useState } from 'preact/hooks';
import { TITLE_ID, useModels } from './context';
import { Avatar } from './Avatar';
import { CloseIcon, MoreIcon } from './Icons';
import { Slot } from './Slot';

export function Header({ onClose }: { onClose: () => void }) {
  const { session, locale, options, plugins, reportError } = useModels();
  const [menu, setMenu] = useState(false);
  const t = locale.strings.value;
  const now = session.availability.value;
  const title = options.title ?? t.defaultTitle;
  return (
    <header class="kc-header">
      <Avatar name={title} />
      <div class="kc-header__text">
        <h2 id={TITLE_ID} class="kc-title">
          {title}
        </h2>
        {now?.online ? (
          <p class="kc-status kc-status--online">
            <span class="kc-dot" aria-hidden="true" />
            {t.statusOnline}
          </p>
        ) : (
          now && <Slot name="status" />
        )}
      </div>
      <button
        id="kc-menu-button"
        type="button"
        class="kc-icon-btn"
        aria-label={t.menu}
        aria-haspopup="menu"
        aria-expanded={menu}
        onClick={() => plugins.use('menu').then(() => setMenu(!menu), reportError)}
      >
        <MoreIcon />
      </button>
      {menu && <Slot name="menu" close={() => setMenu(false)} />}
      <button type="button" class="kc-icon-btn" aria-label={t.closeChat} onClick={onClose}>
        <CloseIcon size={20} />
      </button>
    </header>
  );
}
