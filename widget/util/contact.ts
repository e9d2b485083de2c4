// The visitor's contact fields as the forms ask them (pre-chat, away): which fields, and what
// makes a value acceptable. Values are trimmed and bounded as state/profile.ts keeps them.
import type { VisitorProfile } from '../../protocol/relay-api';

export type ContactField = keyof VisitorProfile;
export type FieldError = 'fieldRequired' | 'emailInvalid' | 'phoneInvalid';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why `value` cannot be taken for `field`, or null when it can (an empty optional field can). */
export function fieldError(field: ContactField, value: string, required: boolean): FieldError | null {
  const v = value.trim();
  if (!v) return required ? 'fieldRequired' : null;
  if (field === 'email' && (!EMAIL.test(v) || v.length > 200)) return 'emailInvalid';
  if (field === 'phone' && (!/^\+?[\d\s\-().]{5,40}$/.test(v) || v.replace(/\D/g, '').length < 5)) return 'phoneInvalid';
  return null;
}
