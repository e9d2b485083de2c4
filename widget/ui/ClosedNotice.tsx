// A closed conversation in the log: the newest closed notice says who closed it and offers to
// start a new conversation; older ones (and one the visitor moved on from) are a divider. The
// closed-conversation plug-in's slot.
import { closedText } from '../i18n/closed';
import { closed as en } from '../i18n/en-more';
import type { Closed } from '../state/closed';
import type { SlotProps } from '../plugins/types';

export function ClosedNotice({ model, strings, item, last }: SlotProps<Closed, 'notice'>) {
  const t = { ...en, ...strings };
  const open = last && model.left.value !== item.id;
  return (
    <div class={`kc-notice${open ? ' kc-notice--last' : ''}`}>
      {open ? closedText(item.reason, t) : t.closedDivider}
      {open && (
        <button type="button" class="kc-notice__action" onClick={() => model.startNew(item.id)}>
          {t.startNew}
        </button>
      )}
    </div>
  );
}
