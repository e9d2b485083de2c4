import { describe, expect, it, vi } from 'vitest';
import type { SessionResponse } from '../../protocol/relay-api';
import { createSession, type TabLock } from '../../widget/state/session';
import { TransportError } from '../../widget/transport/errors';
import type { Transport } from '../../widget/transport/types';
import { createMemoryStore } from '../../widget/util/storage';

/** A relay that makes a new visitor for every tokenless call and resumes a known token. */
function fakeRelay() {
  let next = 0;
  const startSession = vi.fn(async (_body: unknown, token?: string): Promise<SessionResponse> => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const visitorId = token ? token.slice('token-'.length) : `visitor-${++next}`;
    return { visitorId, token: `token-${visitorId}`, lastSeq: 0, limits: { textMaxChars: 500, uploadMaxBytes: 1000, uploadTypes: [] }, availability: { online: true } };
  });
  return { startSession, transport: { startSession } as unknown as Transport };
}

/** One lock shared by both "tabs", as Web Locks are shared by a site's tabs. */
function sharedLock(): TabLock {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

describe('visitor session', () => {
  it('gives two tabs opened at once one visitor, not two', async () => {
    const storage = createMemoryStore(); // stands in for the localStorage both tabs share
    const relay = fakeRelay();
    const lock = sharedLock();
    const tabA = createSession(relay.transport, storage, () => ({}), () => undefined, lock);
    const tabB = createSession(relay.transport, storage, () => ({}), () => undefined, lock);

    const [tokenA, tokenB] = await Promise.all([tabA.ensure(), tabB.ensure()]);

    expect(tokenA).toBe(tokenB);
    expect(relay.startSession.mock.calls.filter(([, token]) => token === undefined)).toHaveLength(1);
  });

  it('starts a new visitor when the stored token is refused', async () => {
    const storage = createMemoryStore();
    storage.set('session', { token: 'stale', visitorId: 'gone' });
    const relay = fakeRelay();
    relay.startSession.mockRejectedValueOnce(new TransportError('UNAUTHORIZED'));
    const onNewVisitor = vi.fn();
    const session = createSession(relay.transport, storage, () => ({}), onNewVisitor);

    await session.ensure();

    expect(storage.get<{ visitorId: string }>('session')?.visitorId).toBe('visitor-1');
    expect(onNewVisitor).toHaveBeenCalledOnce();
  });
});

describe('resetting the visitor', () => {
  it('asks the relay to revoke the visitor\'s tokens, and forgets the visitor here even when the relay cannot be reached', async () => {
    for (const outcome of ['answers', 'is unreachable'] as const) {
      const storage = createMemoryStore();
      const relay = fakeRelay();
      const endSession = vi.fn(async (_token: string) => {
        if (outcome === 'is unreachable') throw new TransportError('NETWORK');
      });
      const session = createSession({ ...relay.transport, endSession } as unknown as Transport, storage, () => ({}), () => undefined);
      const token = await session.ensure();

      session.clear();
      expect(endSession).toHaveBeenCalledWith(token);
      await Promise.resolve();
      expect(session.hasStored()).toBe(false);
      expect(storage.get('session')).toBeNull();
      // The next chat starts a new visitor, without the forgotten token.
      await session.ensure();
      expect(relay.startSession.mock.calls.at(-1)?.[1]).toBeUndefined();
    }
  });

  it('calls nothing on the relay when there is no visitor to forget', () => {
    const endSession = vi.fn(async () => undefined);
    const session = createSession({ ...fakeRelay().transport, endSession } as unknown as Transport, createMemoryStore(), () => ({}), () => undefined);
    session.clear();
    expect(endSession).not.toHaveBeenCalled();
  });
});
