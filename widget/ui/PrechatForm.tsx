// The pre-chat form at the end of the empty conversation: the fields still unknown, each with
// its error beside it once a send was held, and the consent line when data-privacy-url is set.
// The composer's Send submits it (state/prechat.ts). The pre-chat plug-in's slot.
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { contactFields as enFields, prechat as enPrechat } from '../i18n/en-more';
import type { SlotProps } from '../plugins/types';
import type { Prechat } from '../state/prechat';
import { keepLogEnd } from '../util/log-end';

const INPUT = { name: ['text', 'name'], email: ['email', 'email'], phone: ['tel', 'tel'] } as const;

export function PrechatForm({ model, strings }: SlotProps<Prechat, 'logEnd'>) {
  const t = { ...enPrechat, ...enFields, ...strings };
  const form = useRef<HTMLFormElement>(null);
  const attempt = model.attempt.value;
  useLayoutEffect(() => keepLogEnd(form.current));
  useEffect(() => {
    if (attempt) form.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);
  if (!model.isOpen.value) return null;
  const errors = model.errors.value;
  const [before, link, after] = t.privacy;
  return (
    <form ref={form} class="kc-card kc-prechat" aria-labelledby="kc-prechat-intro" noValidate onSubmit={(e) => e.preventDefault()}>
      <p id="kc-prechat-intro">{t.prechatIntro}</p>
      {model.asked.value.map(({ name, required }) => {
        const error = errors[name];
        const label = t[name];
        return (
          <label key={name} class="kc-field">
            <span>
              {required ? label : t.optional(label)}
              {required && <span aria-hidden="true"> *</span>}
            </span>
            <input
              class="kc-field__input"
              type={INPUT[name][0]}
              name={name}
              autocomplete={INPUT[name][1]}
              aria-required={required}
              aria-invalid={!!error}
              aria-describedby={error ? `kc-prechat-${name}-error` : undefined}
              value={model.values.value[name] ?? ''}
              onInput={(e) => model.set(name, e.currentTarget.value)}
            />
            {error && (
              <span id={`kc-prechat-${name}-error`} class="kc-field__error">
                {t[error]}
              </span>
            )}
          </label>
        );
      })}
      {model.privacyUrl && (
        <p class="kc-consent">
          {before}
          <a href={model.privacyUrl} target="_blank" rel="noopener noreferrer">
            {link}
          </a>
          {after}
        </p>
      )}
    </form>
  );
}
