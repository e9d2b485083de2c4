// A store that fails chosen calls, for fault tests: wraps a real store and makes the named
// methods reject (by default the way an unreachable Redis does) the next n times or until healed.
// Every other call goes through unchanged.
import type { Store } from '../../relay/store/types';

type Method = Exclude<{ [K in keyof Store]-?: Store[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof Store], undefined>;

/** What ioredis throws while Redis is unreachable: the relay answers it with 503 and Retry-After. */
export function unreachable(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
}

export interface FaultyStore {
  store: Store;
  /** The next `times` calls of `method` reject with `error()` (unreachable by default). */
  fail(method: Method, times?: number, error?: () => Error): void;
  /** Every call of `method` rejects until heal(). */
  failAlways(method: Method, error?: () => Error): void;
  heal(): void;
  /** How many calls of each method failed. */
  failed: Partial<Record<Method, number>>;
}

export function withFaults(real: Store): FaultyStore {
  const faults = new Map<Method, { left: number; error: () => Error }>();
  const failed: Partial<Record<Method, number>> = {};
  const store = new Proxy(real, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const fault = faults.get(key as Method);
      return (...args: unknown[]) => {
        if (fault && fault.left > 0) {
          fault.left -= 1;
          failed[key as Method] = (failed[key as Method] ?? 0) + 1;
          return Promise.reject(fault.error());
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    store,
    fail: (method, times = 1, error = unreachable) => void faults.set(method, { left: times, error }),
    failAlways: (method, error = unreachable) => void faults.set(method, { left: Infinity, error }),
    heal: () => faults.clear(),
    failed,
  };
}
