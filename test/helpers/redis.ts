// Tests that need a Redis server: they run when REDIS_URL is set and skip, saying why, when it is
// not; under CI=true a skip fails the run (test/helpers/skips-fail-in-ci.ts). Keys are namespaced
// per test run.
import { Redis } from 'ioredis';
import { describe, it } from 'vitest';

/** REDIS_URL, or undefined after registering a skipped test that says what is missing. */
export function redisUrlOrSkip(what: string): string | undefined {
  const url = process.env.REDIS_URL;
  if (url) return url;
  console.warn(`Skipping ${what}: set REDIS_URL (for example redis://127.0.0.1:6379) to run them.`);
  describe.skip(`${what} (REDIS_URL not set)`, () => {
    it('needs a Redis server', () => undefined);
  });
  return undefined;
}

/** Deletes every key under the prefix, and nothing else. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const admin = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await admin.quit();
  }
}
