// Signed identity: the site's backend computes
// userHash = hex(HMAC-SHA256(RELAY_IDENTITY_SECRET, userId)) and the page passes both on; the
// relay recomputes it and compares in constant time. Only the canonical spelling counts: 64
// lower-case hex digits, so a truncated or upper-cased hash is as wrong as a forged one.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { RelayError } from '../errors';

export interface Identity {
  userId: string;
  userHash: string;
}

export const identityInvalid = () => new RelayError(401, 'IDENTITY_INVALID', 'The identity could not be verified.');
export const identityRequired = () => new RelayError(401, 'IDENTITY_REQUIRED', 'This chat needs a verified identity: sign in first.');
export const identityNotConfigured = () =>
  new RelayError(400, 'IDENTITY_NOT_CONFIGURED', 'This relay does not verify identities (RELAY_IDENTITY_SECRET is not set).');

const HASH = /^[0-9a-f]{64}$/;

export function userHashOf(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/** The verified user id; throws IDENTITY_NOT_CONFIGURED without a secret and IDENTITY_INVALID for a wrong hash. */
export function verifyIdentity(secret: string | undefined, identity: Identity): string {
  if (secret === undefined) throw identityNotConfigured();
  if (!HASH.test(identity.userHash)) throw identityInvalid();
  const expected = Buffer.from(userHashOf(secret, identity.userId), 'ascii');
  if (!timingSafeEqual(Buffer.from(identity.userHash, 'ascii'), expected)) throw identityInvalid();
  return identity.userId;
}
