// Kit callback signatures (kit-api.md §4.2): Authorization = hex MD5("{salt}:{token}:{event_id}").
// Kit documents neither a scheme prefix nor the hex case, so both are tolerated.
import { createHash, timingSafeEqual } from 'node:crypto';

export function signCallback(salt: string, token: string, eventId: string): string {
  return createHash('md5').update(`${salt}:${token}:${eventId}`).digest('hex');
}

/** Constant-time check of the Authorization header against the expected signature. */
export function verifyCallbackSignature(header: string | undefined, salt: string, token: string, eventId: string): boolean {
  if (typeof header !== 'string' || header.length > 128) return false;
  const given = header.trim().replace(/^Bearer\s+/i, '').toLowerCase();
  const expected = Buffer.from(signCallback(salt, token, eventId), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  // timingSafeEqual needs equal lengths; compare against itself to keep the timing flat.
  if (actual.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(actual, expected);
}
