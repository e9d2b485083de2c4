// The greeting bubble beside the closed launcher: the greeting, which opens the chat when
// clicked, and a button that dismisses it. The greeting plug-in's slot.
import { greeting as en } from '../i18n/en-more';
import type { SlotProps } from '../plugins/types';
import type { Greeting } from '../state/greeting';
import { CloseIcon } from './Icons';

export function GreetingBubble({ model, strings, text, open }: SlotProps<Greeting, 'launcher'>) {
  const t = { ...en, ...strings };
  if (!model.visible.value) return null;
  return (
    <div class="kc-greet" role="status">
      <button type="button" class="kc-greet__text" dir="auto" onClick={open}>
        {text ?? t.defaultGreeting}
      </button>
      <button type="button" class="kc-icon-btn kc-greet__close" aria-label={t.greetingClose} onClick={model.dismiss}>
        <CloseIcon size={16} />
      </button>
    </div>
  );
}
