// Kit callback signatures (kit-api.md §4.2): Authorization = hex MD5("{salt}:{token}:{event_id}"),
// and MD5("{salt}:{token}") for the test request at channel creation (§5). Kit documents
// neither a scheme prefix nor the hex case, so both are tolerated; anything else is not a
// signature and is refused before the body is read.
import { createHash, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^\s*(?:Bearer\s+)?([0-9a-f]{32})\s*$/i;

export function signCallback(salt: string, token: string, eventId: string): string {
  return createHash('md5').update(`${salt}:${token}:${eventId}`).digest('hex');
}

export function signHandshake(salt: string, token: string): string {
  return createHash('md5').update(`${salt}:${token}`).digest('hex');
}

/** The 32 lower-case hex characters an Authorization header carries, or undefined if it is not one. */
export function signatureOf(header: string | undefined): string | undefined {
  if (typeof header !== 'string' || header.length > 128) return undefined;
  return SIGNATURE.exec(header)?.[1]?.toLowerCase();
}

/** Constant-time check of the Authorization header against the expected signature. */
export function verifyCallbackSignature(header: string | undefined, salt: string, token: string, eventId: string): boolean {
  return matches(header, signCallback(salt, token, eventId));
}

export function verifyHandshakeSignature(header: string | undefined, salt: string, token: string): boolean {
  return matches(header, signHandshake(salt, token));
}

function matches(header: string | undefined, expectedHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'utf8');
  const given = signatureOf(header);
  if (given === undefined) {
    timingSafeEqual(expected, expected); // keep the timing flat
    return false;
  }
  return timingSafeEqual(Buffer.from(given, 'utf8'), expected);
}
