// Older history at the top of the log (the older-history plug-in's slot): fetches the page
// before the oldest message when the visitor scrolls near the top (or when the log does not
// fill the panel), keeps what the visitor was reading in place when it joins, and says
// "Loading earlier messages…" meanwhile, or why it could not, with a retry.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { older as en } from '../i18n/en-more';
import type { SlotProps } from '../plugins/types';
import type { Older } from '../state/older';

/** How close to the top (px) the visitor must scroll for older history to load. */
export const OLDER_TRIGGER_PX = 80;

export function OlderLoader({ model, strings }: SlotProps<Older, 'logTop'>) {
  const t = { ...en, ...strings };
  const ref = useRef<HTMLDivElement>(null);
  /** The log's height below what the visitor sees, and its first message, as of the last scroll. */
  const seen = useRef({ fromBottom: 0, first: '' });
  const state = model.state.value;
  const first = model.first.value;
  const open = model.isOpen.value;
  const log = () => ref.current?.parentElement;
  const measure = () => {
    const el = log();
    if (el) seen.current = { fromBottom: el.scrollHeight - el.scrollTop, first };
  };
  const nearTop = () => {
    const el = log();
    if (el && el.scrollTop < OLDER_TRIGGER_PX && el.clientHeight) void model.load();
  };
  useEffect(() => {
    const el = log()!;
    const onScroll = () => (measure(), nearTop());
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [first]);
  useLayoutEffect(() => {
    const el = log();
    // A page joined above: keep the same messages under the visitor's eyes.
    if (el && seen.current.first && first !== seen.current.first) el.scrollTop = el.scrollHeight - seen.current.fromBottom;
    measure();
    nearTop();
  }, [first, open]);
  return (
    <div ref={ref} class="kc-older">
      {state === 'loading' ? (
        <p role="status">{t.loadingOlder}</p>
      ) : (
        state === 'failed' && (
          <p role="alert">
            {t.olderFailed}{' '}
            <button type="button" class="kc-retry" onClick={() => void model.load()}>
              {t.retry}
            </button>
          </p>
        )
      )}
    </div>
  );
}
