// The panel's menu under the header's menu button: its items as a menu (arrow keys, Escape,
// a click elsewhere closes it): "Download conversation" and "Delete this conversation", which
// asks first (an alert dialog in the menu's place, Cancel focused). The menu plug-in's slot.
import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { closed, menu, viewer } from '../i18n/en-more';
import type { SlotProps } from '../plugins/types';
import type { Menu as MenuModel } from '../state/menu';

export function Menu({ model, locale, strings, close }: SlotProps<MenuModel, 'menu'>) {
  const t = { ...viewer, ...closed, ...menu, ...strings };
  const ref = useRef<HTMLDivElement>(null);
  // Signals the component reads re-render it; chunks get signals, not useState, from the app.
  const state = useRef({ confirming: signal(false), failed: signal(false) }).current;
  const confirming = state.confirming.value;
  useEffect(() => {
    const el = ref.current!;
    // A press anywhere else closes it (the menu button's own click toggles it).
    const outside = (e: Event) => !e.composedPath().some((n) => n === el || (n as Element).id === 'kc-menu-button') && close();
    const doc = el.ownerDocument;
    doc.addEventListener('pointerdown', outside, true);
    return () => doc.removeEventListener('pointerdown', outside, true);
  }, []);
  // The first item, or Cancel once the question is asked: the safe choice has the focus.
  useEffect(() => ref.current!.querySelector<HTMLElement>(confirming ? '[data-cancel]' : '[role="menuitem"]')?.focus(), [confirming]);
  const backToButton = () => {
    close();
    (ref.current!.getRootNode() as ShadowRoot).getElementById?.('kc-menu-button')?.focus();
  };
  const items = [
    { label: t.download, run: () => (void model.download(t, locale).catch(model.onError), close()) },
    { label: t.forget, run: () => (state.confirming.value = true) },
  ];
  const erase = () => model.forget().then(close, () => (state.failed.value = true));
  return (
    <div
      ref={ref}
      class="kc-menu"
      role={confirming ? 'alertdialog' : 'menu'}
      aria-labelledby={confirming ? 'kc-forget-question' : 'kc-menu-button'}
      onKeyDown={(e) => {
        const all = [...ref.current!.querySelectorAll<HTMLElement>('button')];
        const at = all.indexOf(e.target as HTMLElement);
        if (e.key === 'Escape') {
          e.stopPropagation();
          backToButton();
        } else if (!confirming && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
          e.preventDefault();
          all[(at + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
        }
      }}
    >
      {confirming ? (
        <>
          <p id="kc-forget-question" class="kc-menu__question">{t.forgetConfirm}</p>
          {state.failed.value && <p role="alert" class="kc-menu__failed">{t.forgetFailed}</p>}
          <div class="kc-menu__actions">
            <button type="button" class="kc-menu__item" data-cancel onClick={backToButton}>{t.forgetNo}</button>
            <button type="button" class="kc-menu__item kc-menu__danger" onClick={erase}>{t.forgetYes}</button>
          </div>
        </>
      ) : (
        items.map((item) => (
          <button key={item.label} type="button" role="menuitem" class="kc-menu__item" onClick={item.run}>
            {item.label}
          </button>
        ))
      )}
    </div>
  );
}
