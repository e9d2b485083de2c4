// A sender's picture, or their initials on a colour derived from the name (dark enough for
// white text at 4.5:1 on every hue), or on the accent colour for the site's own avatar.
import { useState } from 'preact/hooks';
import { safeUrl } from '../util/linkify';
import { initials } from '../util/format';

const HUES = [210, 160, 280, 20, 330, 190, 40, 250];

export function Avatar({ name, url, brand }: { name?: string; url?: string; brand?: boolean }) {
  const [broken, setBroken] = useState(false);
  const src = safeUrl(url, ['https:', 'http:']);
  if (src && !broken) {
    return <img class="kc-avatar" src={src} alt="" referrerpolicy="no-referrer" onError={() => setBroken(true)} />;
  }
  if (brand) return <span class="kc-avatar kc-avatar--brand" aria-hidden="true">{initials(name)}</span>;
  const hue = HUES[[...(name ?? '')].reduce((sum, c) => sum + c.codePointAt(0)!, 0) % HUES.length]!;
  return (
    <span class="kc-avatar" aria-hidden="true" style={{ backgroundColor: `hsl(${hue} 50% 32%)` }}>
      {initials(name)}
    </span>
  );
}
