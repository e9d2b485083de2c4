// A sender's picture, or their initials on a colour derived from the name.
import { useState } from 'preact/hooks';
import { safeUrl } from '../util/linkify';
import { initials } from '../util/format';

const HUES = [210, 160, 280, 20, 330, 190, 40, 250];

export function Avatar({ name, url }: { name?: string; url?: string }) {
  const [broken, setBroken] = useState(false);
  const src = safeUrl(url, ['https:', 'http:']);
  if (src && !broken) {
    return <img class="kc-avatar" src={src} alt="" referrerpolicy="no-referrer" onError={() => setBroken(true)} />;
  }
  const hue = HUES[[...(name ?? '')].reduce((sum, c) => sum + c.codePointAt(0)!, 0) % HUES.length]!;
  return (
    <span class="kc-avatar" aria-hidden="true" style={{ backgroundColor: `hsl(${hue} 55% 45%)` }}>
      {initials(name)}
    </span>
  );
}
