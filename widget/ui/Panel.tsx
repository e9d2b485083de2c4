// The chat dialog. On small screens it fills the visual viewport, so the composer stays
// above the on-screen keyboard. Files dropped anywhere on it become attachments.
import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { PANEL_ID, useModels } from './context';
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

const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types ?? []).includes('Files');

export function Panel(props: { inputRef: Ref<HTMLTextAreaElement>; onClose: () => void }) {
  const { panel, attachments, locale, options } = useModels();
  const t = locale.strings.value;
  const ref = useRef<HTMLDivElement>(null);
  const open = panel.isOpen.value;
  const [dropping, setDropping] = useState(false);
  const depth = useRef(0); // dragenter/dragleave fire for every child crossed
  useVisualViewport(ref, open);
  const drag = (e: DragEvent, step: number) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth.current = Math.max(0, depth.current + step);
    setDropping(depth.current > 0);
  };
  return (
    <div
      ref={ref}
      id={PANEL_ID}
      class={`kc-panel${dropping ? ' kc-panel--drop' : ''}`}
      role="dialog"
      aria-label={options.title ?? t.defaultTitle}
      hidden={!open}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          props.onClose();
        }
      }}
      onDragEnter={(e) => drag(e, 1)}
      onDragOver={(e) => drag(e, 0)}
      onDragLeave={(e) => drag(e, -1)}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setDropping(false);
        attachments.add(Array.from(e.dataTransfer!.files));
      }}
    >
      {dropping && (
        <div class="kc-dropzone" aria-hidden="true">
          {t.dropHere}
        </div>
      )}
      <Header onClose={props.onClose} />
      <Banner />
      <MessageList />
      <Composer inputRef={props.inputRef} />
    </div>
  );
}
