// Every call made with the visitor's token goes through withToken: a 401 renews the token and
// the call goes once more, never twice; failures are told apart by name and code, so a copy of
// TransportError from a lazily fetched chunk counts the same.
import { waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { advance } from '../../widget/state/delivery';
import { tokenCaller } from '../../widget/state/with-token';
import { isTransportError, TransportError } from '../../widget/transport/errors';
import { createFakeTransport, makeWidget } from './fakes';

/** What a chunk bundling its own copy of transport/errors.ts throws: same name and code, another class. */
class ChunkTransportError extends Error {
  override readonly name = 'TransportError';
  constructor(readonly code: string, readonly status = 0) {
    super(code);
  }
}

function tokens() {
  let n = 1;
  return {
    ensure: vi.fn(async () => `token-${n}`),
    renew: vi.fn(async (refused: string) => (refused === `token-${n}` ? `token-${++n}` : `token-${n}`)),
  };
}

const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

describe('withToken', () => {
  it('renews a refused token and makes the call once more with the new one', async () => {
    const session = tokens();
    const call = vi.fn(async (token: string) => {
      if (token === 'token-1') throw new ChunkTransportError('UNAUTHORIZED', 401);
      return `done with ${token}`;
    });
    await expect(tokenCaller(session)(call)).resolves.toBe('done with token-2');
    expect(session.renew).toHaveBeenCalledExactlyOnceWith('token-1');
    expect(call.mock.calls.map(([t]) => t)).toEqual(['token-1', 'token-2']);
  });

  it('gives up after one renewal, and never renews for other failures', async () => {
    const session = tokens();
    const refused = vi.fn(async () => Promise.reject(new TransportError('UNAUTHORIZED', 401)));
    await expect(tokenCaller(session)(refused)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(refused).toHaveBeenCalledTimes(2);
    const down = vi.fn(async () => Promise.reject(new TransportError('SERVER', 503)));
    await expect(tokenCaller(session)(down)).rejects.toMatchObject({ code: 'SERVER' });
    expect(down).toHaveBeenCalledOnce();
    expect(session.renew).toHaveBeenCalledOnce();
  });

  it('recognises transport failures by name and code, whichever copy of the class made them', () => {
    expect(isTransportError(new ChunkTransportError('NETWORK'), 'NETWORK')).toBe(true);
    expect(isTransportError(new TransportError('NETWORK'), 'TIMEOUT')).toBe(false);
    expect(isTransportError(Object.assign(new Error('x'), { code: 'NETWORK' }))).toBe(false);
    expect(isTransportError(null)).toBe(false);
  });
});

describe('a refused token in the widget', () => {
  function widgetWithRenewal() {
    const relay = createFakeTransport();
    let n = 0;
    relay.transport.startSession.mockImplementation(async (body, token) => {
      relay.sessions.push({ body, token });
      return { visitorId: `visitor-${++n}`, token: `token-${n}`, lastSeq: 0, limits: { textMaxChars: 100, uploadMaxBytes: 1000, uploadTypes: [] }, availability: { online: true } };
    });
    const made = makeWidget({ relay });
    made.widget.start();
    disposers.push(() => made.widget.dispose());
    return made;
  }

  it('sends a message refused with 401 once more under a renewed token, and shows it sent', async () => {
    const { widget, relay } = widgetWithRenewal();
    widget.panel.open();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    relay.transport.sendMessage.mockRejectedValueOnce(new ChunkTransportError('UNAUTHORIZED', 401));
    widget.conversation.send('Still there?');
    await waitFor(() => expect(widget.conversation.items.value.at(-1)?.delivery).toBe('accepted'));
    expect(relay.transport.sendMessage.mock.calls.map(([token, body]) => [token, body.text])).toEqual([
      ['token-1', 'Still there?'],
      ['token-2', 'Still there?'],
    ]);
  });

  it('reopens a stream refused with 401 with a renewed token', async () => {
    const { widget, relay } = widgetWithRenewal();
    widget.panel.open();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    relay.stream.onUnauthorized();
    await waitFor(() => expect(relay.streams).toHaveLength(2));
    expect(relay.streams.map((s) => s.token)).toEqual(['token-1', 'token-2']);
    relay.stream.onState('open');
    await waitFor(() => expect(widget.connection.status.value).toBe('online'));
  });
});

describe('the delivery state machine', () => {
  it('moves a message forward only, lets anything fail, and lets a failed message start over', () => {
    expect(advance(undefined, 'pending')).toBe('pending');
    expect(advance('pending', 'sending')).toBe('sending');
    expect(advance('sending', 'pending')).toBe('pending'); // the network went away mid-send
    expect(advance('sending', 'accepted')).toBe('accepted');
    expect(advance('accepted', 'delivered')).toBe('delivered');
    expect(advance('delivered', 'accepted')).toBe('delivered'); // a late answer changes nothing
    expect(advance('accepted', 'sending')).toBe('accepted'); // another tab's resend of a stored message
    expect(advance('delivered', 'failed')).toBe('failed');
    expect(advance('failed', 'sending')).toBe('sending'); // Retry
    expect(advance('failed', 'accepted')).toBe('accepted'); // the relay had it after all
  });
});
