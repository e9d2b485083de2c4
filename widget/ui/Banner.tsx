// Offline and reconnecting banners under the header.
import { useModels } from './context';

export function Banner() {
  const { connection, locale } = useModels();
  const t = locale.strings.value;
  const status = connection.status.value;
  if (status !== 'offline' && status !== 'reconnecting') return null;
  return (
    <div class={`kc-banner kc-banner--${status}`} role="status">
      {status === 'offline' ? t.offlineBanner : t.reconnectingBanner}
    </div>
  );
}
