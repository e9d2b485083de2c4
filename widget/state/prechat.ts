// The pre-chat form (README, What the visitor gets, data-prechat="name,email*,phone"): the fields asked before the
// visitor's first message (`*`: required), minus those already known (from KitChat('identify')
// or an earlier visit); none at all for a verified visitor whose name and email the site gave. It holds the composer's send until every field is acceptable, then
// gives the values to the session, which passes them to Kit's client data with the message.
import { computed, signal } from '@preact/signals';
import { fieldError, type ContactField, type FieldError } from '../util/contact';
import { safeUrl } from '../util/linkify';
import type { Conversation } from './conversation';
import type { Session } from './session';

export interface PrechatField {
  name: ContactField;
  required: boolean;
}

const FIELDS: readonly string[] = ['name', 'email', 'phone'];

/** `name,email*,phone` → the fields in that order; unknown or repeated names are ignored. */
export function parsePrechat(spec: string): PrechatField[] {
  const fields: PrechatField[] = [];
  for (const raw of spec.split(',')) {
    const name = raw.trim().replace(/\*$/, '').trim().toLowerCase();
    if (FIELDS.includes(name) && !fields.some((f) => f.name === name)) fields.push({ name: name as ContactField, required: raw.trim().endsWith('*') });
  }
  return fields;
}

export type Prechat = ReturnType<typeof createPrechat>;

export function createPrechat(deps: {
  spec: string;
  /** data-privacy-url: linked from a consent line when it is an http(s) address. */
  privacyUrl?: string;
  session: Pick<Session, 'profile' | 'identify' | 'verified'>;
  conversation: Pick<Conversation, 'items' | 'gate'>;
  onError: (error: unknown) => void;
}) {
  const { session, conversation } = deps;
  const fields = parsePrechat(deps.spec);
  const values = signal<Partial<Record<ContactField, string>>>({});
  const errors = signal<Partial<Record<ContactField, FieldError>>>({});
  /** Bumped when a send was held: the form moves focus to the first field to fix. */
  const attempt = signal(0);
  const asked = computed(() => fields.filter((f) => !session.profile.value[f.name]));
  const known = computed(() => session.verified.value && !!session.profile.value.name && !!session.profile.value.email);
  const isOpen = computed(() => !known.value && asked.value.length > 0 && !conversation.items.value.some((i) => i.from === 'visitor'));

  /** True when the message may go: the form is not needed, or every field is acceptable. */
  function check(): boolean {
    if (!isOpen.peek()) return true;
    const found: Partial<Record<ContactField, FieldError>> = {};
    for (const f of asked.peek()) {
      const error = fieldError(f.name, values.peek()[f.name] ?? '', f.required);
      if (error) found[f.name] = error;
    }
    errors.value = found;
    if (Object.keys(found).length) {
      attempt.value++;
      return false;
    }
    const given = Object.fromEntries(asked.peek().flatMap((f) => (values.peek()[f.name]?.trim() ? [[f.name, values.peek()[f.name]!.trim()]] : [])));
    if (Object.keys(given).length) session.identify(given).catch(deps.onError);
    return true;
  }
  conversation.gate.value = check;

  return {
    privacyUrl: safeUrl(deps.privacyUrl, ['https:', 'http:']),
    asked,
    isOpen,
    values,
    errors,
    attempt,
    set(field: ContactField, value: string): void {
      values.value = { ...values.value, [field]: value };
      if (errors.value[field]) errors.value = { ...errors.value, [field]: undefined };
    },
  };
}
