// The note at the end of the conversation while the team is away: when it is back, and, once
// the visitor has written, one email field they may skip. The away plug-in's slot.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { away as enAway, contactFields as enFields } from '../i18n/en-more';
import type { SlotProps } from '../plugins/types';
import type { Away } from '../state/away';
import { keepLogEnd } from '../util/log-end';
import { formatWhen } from '../util/when';

export function AwayNote({ model, locale, strings }: SlotProps<Away, 'logEnd'>) {
  const t = { ...enAway, ...enFields, ...strings };
  const input = useRef<HTMLInputElement>(null);
  const card = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => keepLogEnd(card.current));
  if (!model.isAway.value) return null;
  const opensAt = model.opensAt.value;
  const when = opensAt && formatWhen(opensAt, locale);
  const saved = model.saved.value;
  const error = model.error.value;
  return (
    <div ref={card} class="kc-card kc-away">
      <p>{when ? t.awayNoteUntil(when) : t.awayNote}</p>
      {saved ? (
        <p class="kc-card__done" role="status">{t.emailThanks(saved)}</p>
      ) : (
        model.asking.value && (
          <form
            class="kc-away__form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (!model.save(input.current?.value ?? '')) input.current?.focus();
            }}
          >
            <p id="kc-away-ask">{t.emailAsk}</p>
            <input
              ref={input}
              class="kc-field__input"
              type="email"
              name="email"
              autocomplete="email"
              aria-label={t.email}
              aria-invalid={!!error}
              aria-describedby={error ? 'kc-away-ask kc-away-error' : 'kc-away-ask'}
              onInput={() => (model.error.value = null)}
            />
            {error && (
              <span id="kc-away-error" class="kc-field__error">
                {t[error]}
              </span>
            )}
            <div class="kc-card__actions">
              <button type="submit" class="kc-btn kc-btn--primary">{t.emailSave}</button>
              <button type="button" class="kc-btn" onClick={model.skip}>{t.emailSkip}</button>
            </div>
          </form>
        )
      )}
    </div>
  );
}
