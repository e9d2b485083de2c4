// What the relay has seen of Kit's callbacks since it started, for /readyz and `kit-chat doctor`:
// the last one accepted, Kit's test request, and callbacks refused for their signature with the
// known token (by variable name) they were signed with, if any. Times and names only.

export interface CallbackStatsView {
  /** ISO time of the last callback whose signature verified. */
  lastAcceptedAt: string | null;
  /** ISO time of Kit's last test request (no event_id), and whether its signature matched. */
  testRequestAt: string | null;
  testRequestSignatureMatches: boolean | null;
  /** Callbacks refused for a wrong signature. */
  refusedForSignature: number;
  lastRefusedAt: string | null;
  /** The variable holding the token the last refused callback was signed with, if the relay knows it. */
  lastRefusedSignedWith: string | null;
}

export interface CallbackStats {
  accepted(): void;
  testRequest(signatureMatches: boolean): void;
  refused(signedWith: string | undefined): void;
  view(): CallbackStatsView;
}

export function createCallbackStats(now: () => number = Date.now): CallbackStats {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  let lastAccepted: number | undefined;
  let testAt: number | undefined;
  let testMatches: boolean | null = null;
  let refusedCount = 0;
  let lastRefused: number | undefined;
  let lastSignedWith: string | null = null;
  return {
    accepted: () => void (lastAccepted = now()),
    testRequest(signatureMatches) {
      testAt = now();
      testMatches = signatureMatches;
    },
    refused(signedWith) {
      refusedCount += 1;
      lastRefused = now();
      lastSignedWith = signedWith ?? null;
    },
    view: () => ({
      lastAcceptedAt: iso(lastAccepted),
      testRequestAt: iso(testAt),
      testRequestSignatureMatches: testMatches,
      refusedForSignature: refusedCount,
      lastRefusedAt: iso(lastRefused),
      lastRefusedSignedWith: lastSignedWith,
    }),
  };
}
