// Short-lived Kit JWTs: their whole-second iat/exp claims can overstate the lifetime by up to a
// second, so renewal starts early enough that Kit never has to refuse one.
import { describe, expect, it } from 'vitest';
import { renewAt, tokensFrom } from '../../../relay/kit/tokens';

const jwt = (claims: Record<string, number>) =>
  ['{"alg":"HS256"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig';

describe('renewing short-lived Kit JWTs', () => {
  it('renews a 2 s JWT whose claims round to 3 s before its real 2 s are up', () => {
    const issuedAt = 1_700_000_000_400; // issued 0.4 s into a second: iat floors, exp rounds up
    const token = jwt({ iat: 1_700_000_000, exp: 1_700_000_003 });
    const tokens = tokensFrom({ access_token: token, refresh_token: 'r'.repeat(64) }, issuedAt);
    expect(renewAt(tokens)).toBeLessThan(issuedAt + 2_000);
    expect(renewAt(tokens)).toBeGreaterThan(issuedAt);
  });

  it('keeps the 60 s margin for a 15-minute JWT', () => {
    const issuedAt = 1_700_000_000_000;
    const token = jwt({ iat: 1_700_000_000, exp: 1_700_000_900 });
    const tokens = tokensFrom({ access_token: token, refresh_token: 'r'.repeat(64) }, issuedAt);
    expect(renewAt(tokens)).toBe(issuedAt + 900_000 - 60_000);
  });
});
