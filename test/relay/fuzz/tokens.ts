// Visitor tokens an attacker could hold: B's id under A's signature, signed with another
// secret, expired, from the far future, truncated, A's token with one character changed or
// its signature spelled another way, or a generation it was not issued with.
import { createVisitorTokens, VISITOR_TOKEN_MAX_AGE_MS } from '../../../relay/http/visitor-token';
import { TEST_SECRETS } from '../../helpers/test-config';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function forgedTokens(aId: string, bId: string, aToken: string): Record<string, string> {
  const [version, , generation, issuedAt, mac] = aToken.split('.') as [string, string, string, string, string];
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const last = BASE64URL.indexOf(aToken.at(-1)!);
  const real = TEST_SECRETS.RELAY_SECRET;
  return {
    swappedId: `${version}.${bId}.${generation}.${issuedAt}.${mac}`,
    otherSecret: createVisitorTokens('another-secret-of-at-least-32-chars!!').issue(bId, 0),
    expired: createVisitorTokens(real, () => Date.now() - VISITOR_TOKEN_MAX_AGE_MS - 60_000).issue(bId, 0),
    future: createVisitorTokens(real, () => Date.now() + 24 * 60 * 60_000).issue(bId, 0),
    flippedMac: flip(aToken, aToken.length - 5),
    respelledMac: aToken.slice(0, -1) + BASE64URL[(last & ~3) | ((last + 1) & 3)],
    flippedId: `${version}.${flip(aId, 3)}.${generation}.${issuedAt}.${mac}`,
    otherGeneration: `${version}.${aId}.${Number(generation) + 1}.${issuedAt}.${mac}`,
    firstFormat: `v1.${aId}.${issuedAt}.${mac}`,
    truncated: aToken.slice(0, -1),
    noVersion: aToken.slice(3),
    v3: `v3${aToken.slice(2)}`,
  };
}
