// The chat dialog. On small screens it fills the visual viewport, so the composer stays
// above the on-screen keyboard.
import type { Ref } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { PANEL_ID, useWidget } from './context';
import { Banner } from './Banner';
import { Composer } from './Composer';
import { Header } from './Header';
import { MessageList } from './MessageList';

function useVisualViewport(ref: { current: HTMLElement | null }, active: boolean) {
  useEffect(() => {
    const el = ref.current;
    const vv = el?.ownerDocument.defaultView?.visualViewport;
    if (!el || !vv || !active) return;
    const sync = () => {
      el.style.setProperty('--kc-vvh', `${vv.height}px`);
      el.style.setProperty('--kc-vvt', `${vv.offsetTop}px`);
    };
    sync();
    vv.addEventListener('resize', sync);
    vv.addEventListener('scroll', sync);
    return () => {
      vv.removeEventListener('resize', sync);
      vv.removeEventListener('scroll', sync);
    };
  }, [active]);
}

export function Panel(props: { inputRef: Ref<HTMLTextAreaElement>; onClose: () => void }) {
  const w = useWidget();
  const ref = useRef<HTMLDivElement>(null);
  const open = w.isOpen.value;
  useVisualViewport(ref, open);
  return (
    <div
      ref={ref}
      id={PANEL_ID}
      class="kc-panel"
      role="dialog"
      aria-label={w.options.title ?? w.strings.value.defaultTitle}
      hidden={!open}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.onClose();
        }
      }}
    >
      <Header onClose={props.onClose} />
      <Banner />
      <MessageList />
      <Composer inputRef={props.inputRef} />
    </div>
  );
}
