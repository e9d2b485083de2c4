// The panel's menu under the header's menu button: its items as a menu (arrow keys, Escape,
// a click elsewhere closes it). For now one item: "Download conversation". The menu plug-in's slot.
import { useEffect, useRef } from 'preact/hooks';
import { closed, menu, viewer } from '../i18n/en-more';
import type { SlotProps } from '../plugins/types';
import type { Menu as MenuModel } from '../state/menu';

export function Menu({ model, locale, strings, close }: SlotProps<MenuModel, 'menu'>) {
  const t = { ...viewer, ...closed, ...menu, ...strings };
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current!;
    el.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    // A press anywhere else closes it (the menu button's own click toggles it).
    const outside = (e: Event) => !e.composedPath().some((n) => n === el || (n as Element).id === 'kc-menu-button') && close();
    const doc = el.ownerDocument;
    doc.addEventListener('pointerdown', outside, true);
    return () => doc.removeEventListener('pointerdown', outside, true);
  }, []);
  const items = [
    {
      label: t.download,
      run: () => void model.download(t, locale).catch(model.onError),
    },
  ];
  return (
    <div
      ref={ref}
      class="kc-menu"
      role="menu"
      aria-labelledby="kc-menu-button"
      onKeyDown={(e) => {
        const all = [...ref.current!.querySelectorAll<HTMLElement>('[role="menuitem"]')];
        const at = all.indexOf(e.target as HTMLElement);
        if (e.key === 'Escape') {
          e.stopPropagation();
          close();
          (ref.current!.getRootNode() as ShadowRoot).getElementById?.('kc-menu-button')?.focus();
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          all[(at + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
        }
      }}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          class="kc-menu__item"
          onClick={() => {
            item.run();
            close();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
