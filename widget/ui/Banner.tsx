// Offline and reconnecting banners under the header.
import { useWidget } from './context';

export function Banner() {
  const w = useWidget();
  const t = w.strings.value;
  const status = w.status.value;
  if (status !== 'offline' && status !== 'reconnecting') return null;
  return (
    <div class={`kc-banner kc-banner--${status}`} role="status">
      {status === 'offline' ? t.offlineBanner : t.reconnectingBanner}
    </div>
  );
}
