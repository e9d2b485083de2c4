// Kit callback signatures (docs/kit-api.md §4.2): Authorization = hex MD5("{salt}:{token}:{event_id}"),
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

/** A token the relay knows, named by the variable that holds it (the name is all that is logged). */
export interface SignatureCandidate {
  name: string;
  token: string;
}

/**
 * For a refused callback: which known token, if any, the signature was made with. Only ever
 * reports a name, so a log line can say which variable to change without holding a secret.
 */
export function signedWith(header: string | undefined, salt: string, eventId: string, candidates: SignatureCandidate[]): string | undefined {
  return candidates.find((c) => verifyCallbackSignature(header, salt, c.token, eventId))?.name;
}

/** The fix for callbacks refused for their signature, given the token they were signed with. */
export function signatureFix(signedWith: string | null | undefined): string {
  if (signedWith === 'KIT_API_TOKEN') return 'Kit signs with the API token: remove KIT_SIGNATURE_TOKEN (or set it to the value of KIT_API_TOKEN)';
  if (signedWith) return `Kit signs with the token in ${signedWith}: set KIT_SIGNATURE_TOKEN to it`;
  return "no known token matches: check KIT_CALLBACK_SALT against the channel's Security salt, and set KIT_SIGNATURE_TOKEN to the API token picked in the channel's settings";
}
