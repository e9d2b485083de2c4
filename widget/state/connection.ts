// Connection state for the header and banners: the browser's network and the mailbox stream.
// Owns the stream's lifetime and the retry-now triggers (online, tab visible), and announces
// what arrives (`entry`) and when the relay is reachable again (`reachable`).
import { computed, signal } from '@preact/signals';
import type { MailboxEntry } from '../../protocol/relay-api';
import { TransportError } from '../transport/errors';
import type { StreamHandle, StreamState, Transport } from '../transport/types';
import { createEvents } from '../util/events';
import type { WithToken } from './with-token';

export const SESSION_RETRY_MS = 5_000;

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline';

export type Connection = ReturnType<typeof createConnection>;

export function createConnection(deps: {
  win: Window;
  transport: Pick<Transport, 'openStream'>;
  withToken: WithToken;
  /** The highest seq already held. */
  after: () => number;
  onError: (error: unknown) => void;
}) {
  const { win } = deps;
  const events = createEvents<{ entry: MailboxEntry; reachable: void }>();
  const network = signal(win.navigator.onLine !== false);
  const stream = signal<StreamState | 'idle'>('idle');
  const status = computed<ConnectionStatus>(() => {
    if (!network.value) return 'offline';
    if (stream.value === 'open') return 'online';
    return stream.value;
  });
  let handle: StreamHandle | null = null;
  let detach: (() => void) | null = null;
  let generation = 0; // bumped for each stream and by stop(): callbacks of older streams are ignored
  let epoch = 0; // bumped by stop(): a start() still waiting gives up
  let cancel: (() => void) | undefined;
  let retryTimer: number | undefined;
  let starting = false;

  /** Opens the stream; settles once it is open, or refused before that (withToken then renews the token once). */
  function open(): Promise<void> {
    const mine = epoch;
    return deps.withToken(
      (token) =>
        new Promise<void>((resolve, reject) => {
          if (mine !== epoch) return reject(new TransportError('ABORTED'));
          const gen = ++generation;
          let opened = false;
          cancel = () => reject(new TransportError('ABORTED'));
          handle?.close();
          handle = deps.transport.openStream({
            token,
            after: deps.after,
            onEntry: (entry) => events.emit('entry', entry),
            onState(state) {
              if (gen !== generation) return;
              stream.value = state;
              if (state !== 'open') return;
              opened = true;
              resolve();
              events.emit('reachable');
            },
            onUnauthorized() {
              if (gen !== generation) return;
              handle = null;
              stream.value = 'reconnecting';
              // Refused once open (the token was revoked meanwhile): start over, the same way.
              if (opened) void start();
              else reject(new TransportError('UNAUTHORIZED', 401));
            },
          });
        }),
    );
  }

  function fail(error: unknown): void {
    stream.value = 'reconnecting';
    deps.onError(error);
    // Try again later: a relay restart or a network blip should not end the chat.
    win.clearTimeout(retryTimer);
    retryTimer = win.setTimeout(() => void start(), SESSION_RETRY_MS);
  }

  function listen(): void {
    const onOnline = () => {
      network.value = true;
      if (handle) handle.retryNow();
      else if (retryTimer !== undefined) void start();
      events.emit('reachable');
    };
    const onOffline = () => void (network.value = false);
    const onVisible = () => win.document.visibilityState === 'visible' && handle?.retryNow();
    win.addEventListener('online', onOnline);
    win.addEventListener('offline', onOffline);
    win.document.addEventListener('visibilitychange', onVisible);
    detach = () => {
      win.removeEventListener('online', onOnline);
      win.removeEventListener('offline', onOffline);
      win.document.removeEventListener('visibilitychange', onVisible);
    };
  }

  async function start(): Promise<void> {
    if (!detach) listen();
    if (handle || starting) return;
    const mine = epoch;
    starting = true;
    win.clearTimeout(retryTimer);
    retryTimer = undefined;
    stream.value = 'connecting';
    try {
      await open();
    } catch (error) {
      if (mine === epoch) fail(error); // not when stopped meanwhile
    } finally {
      if (mine === epoch) starting = false;
    }
  }

  return {
    status,
    network,
    on: events.on,
    /** True from start() to stop(): the visitor is chatting (or a stored session resumed). */
    isActive: () => stream.peek() !== 'idle',
    /** Starts the session (if needed) and the stream; safe to call more than once. */
    start,
    stop(): void {
      epoch++;
      generation++;
      starting = false;
      cancel?.();
      win.clearTimeout(retryTimer);
      retryTimer = undefined;
      handle?.close();
      handle = null;
      detach?.();
      detach = null;
      stream.value = 'idle';
    },
  };
}
