// What the page may tell about the visitor (KitChat('identify', …)), cleaned before it joins the
// session: known fields only, strings only, trimmed and bounded; and the signed identity that may
// come with it.
import type { SessionIdentity, VisitorProfile } from '../../protocol/relay-api';

export const PROFILE_FIELD_MAX_CHARS = 200;

export function cleanProfile(profile: VisitorProfile): VisitorProfile {
  const clean: VisitorProfile = {};
  for (const key of ['name', 'email', 'phone'] as const) {
    if (typeof profile?.[key] === 'string') clean[key] = profile[key]!.trim().slice(0, PROFILE_FIELD_MAX_CHARS);
  }
  return clean;
}

/**
 * The signed identity in an identify call or the script tag's data-user-id and data-user-hash:
 * both or none (the loader has checked they are text). The relay checks the hash.
 */
export const identityOf = ({ userId, userHash }: Partial<SessionIdentity>): SessionIdentity | undefined =>
  userId && userHash ? { userId, userHash } : undefined;
