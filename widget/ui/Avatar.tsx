// A sender's picture, or their initials on the accent colour (in the text colour the accent
// picked for contrast), like the site's own avatar: one look for everyone without a picture.
import { useState } from 'preact/hooks';
import { safeUrl } from '../util/linkify';
import { initials } from '../util/format';

export function Avatar({ name, url }: { name?: string; url?: string }) {
  const [broken, setBroken] = useState(false);
  const src = safeUrl(url, ['https:', 'http:']);
  return src && !broken ? (
    <img class="kc-avatar" src={src} alt="" referrerpolicy="no-referrer" onError={() => setBroken(true)} />
  ) : (
    <span class="kc-avatar" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
