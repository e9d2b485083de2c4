// A place in the panel where plug-ins draw (plugins/types.ts): each active plug-in's component
// for this slot, given its model, the widget's language and the slot's own props; the children
// when no plug-in draws there.
import type { ComponentChildren } from 'preact';
import type { SlotName, Slots } from '../plugins/types';
import { useModels } from './context';

export function Slot<S extends SlotName>({ name, children, ...props }: { name: S; children?: ComponentChildren } & Slots[S]) {
  const { plugins, locale } = useModels();
  const drawn = plugins.inSlot(name);
  return (
    <>
      {drawn.length
        ? drawn.map(({ Component, model }, i) => (
            <Component key={i} {...(props as Slots[S])} model={model} locale={locale.locale.value} strings={locale.strings.value} />
          ))
        : children}
    </>
  );
}
