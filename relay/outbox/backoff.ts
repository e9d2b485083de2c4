// Retry spacing for outbox deliveries: capped exponential backoff with "equal jitter", so
// retries spread out (many relays, many visitors) without ever waiting less than half the step.

/**
 * Delay before the next try after the `attempts`-th one failed (attempts counts from 1):
 * base, 2·base, 4·base, … capped at max, each scaled into [50%, 100%] by `random`.
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const step = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(step / 2 + (random() * step) / 2);
}
