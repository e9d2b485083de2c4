// Visitor tokens an attacker could hold: B's id under A's signature, signed with another
// secret, expired, from the far future, truncated, or A's token with one character changed.
import { createVisitorTokens, VISITOR_TOKEN_MAX_AGE_MS } from '../../../relay/http/visitor-token';
import { TEST_SECRETS } from '../../helpers/test-config';

export function forgedTokens(aId: string, bId: string, aToken: string): Record<string, string> {
  const [version, , issuedAt, mac] = aToken.split('.') as [string, string, string, string];
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const real = TEST_SECRETS.RELAY_SECRET;
  return {
    swappedId: `${version}.${bId}.${issuedAt}.${mac}`,
    otherSecret: createVisitorTokens('another-secret-of-at-least-32-chars!!').issue(bId),
    expired: createVisitorTokens(real, () => Date.now() - VISITOR_TOKEN_MAX_AGE_MS - 60_000).issue(bId),
    future: createVisitorTokens(real, () => Date.now() + 24 * 60 * 60_000).issue(bId),
    flippedMac: flip(aToken, aToken.length - 5),
    flippedId: `${version}.${flip(aId, 3)}.${issuedAt}.${mac}`,
    truncated: aToken.slice(0, -1),
    noVersion: aToken.slice(3),
    v2: `v2${aToken.slice(2)}`,
  };
}
