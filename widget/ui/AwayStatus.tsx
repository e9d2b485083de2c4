// The header's status line while the team is away: "Away · back tomorrow 9:00", in the
// visitor's language and time zone. The away plug-in's slot.
import { away as en } from '../i18n/en-more';
import type { SlotProps } from '../plugins/types';
import type { Away } from '../state/away';
import { formatWhen } from '../util/when';

export function AwayStatus({ model, locale, strings }: SlotProps<Away, 'status'>) {
  const t = { ...en, ...strings };
  const opensAt = model.opensAt.value;
  const when = opensAt && formatWhen(opensAt, locale);
  return (
    <p class="kc-status kc-status--away">
      <span class="kc-dot" aria-hidden="true" />
      {when ? t.awayUntil(when) : t.awayStatus}
    </p>
  );
}
