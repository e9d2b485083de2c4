// Whether the host page is in view (its tab visible), as a signal.
import { signal, type ReadonlySignal } from '@preact/signals';

export function watchVisibility(doc: Document): { visible: ReadonlySignal<boolean>; stop: () => void } {
  const visible = signal(doc.visibilityState !== 'hidden');
  const onChange = () => (visible.value = doc.visibilityState !== 'hidden');
  doc.addEventListener('visibilitychange', onChange);
  return { visible, stop: () => doc.removeEventListener('visibilitychange', onChange) };
}
