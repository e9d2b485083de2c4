// Connection state for the header and banners: the browser's network and the mailbox stream.
// Owns the stream's lifetime and the retry-now triggers (online, tab visible).
import { computed, signal } from '@preact/signals';
import type { MailboxEntry } from '../../protocol/relay-api';
import type { StreamHandle, StreamState, Transport } from '../transport/types';
import type { Session } from './session';

export const SESSION_RETRY_MS = 5_000;

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline';

export type Connection = ReturnType<typeof createConnection>;

export function createConnection(deps: {
  win: Window;
  transport: Transport;
  session: Session;
  after: () => number;
  onEntry: (entry: MailboxEntry) => void;
  /** The stream (re)opened or the network came back: a good moment to flush the outbox. */
  onReachable: () => void;
  onError: (error: unknown) => void;
}) {
  const { win } = deps;
  const network = signal(win.navigator.onLine !== false);
  const stream = signal<StreamState | 'idle'>('idle');
  const status = computed<ConnectionStatus>(() => {
    if (!network.value) return 'offline';
    if (stream.value === 'open') return 'online';
    return stream.value;
  });
  let handle: StreamHandle | null = null;
  let detach: (() => void) | null = null;
  let generation = 0;
  let retryTimer: number | undefined;
  let starting = false;

  function open(token: string): void {
    handle?.close();
    const mine = ++generation;
    handle = deps.transport.openStream({
      token,
      after: deps.after,
      onEntry: deps.onEntry,
      onState(state) {
        if (mine !== generation) return;
        stream.value = state;
        if (state === 'open') deps.onReachable();
      },
      onUnauthorized() {
        if (mine !== generation) return;
        stream.value = 'reconnecting';
        handle = null;
        deps.session.renew().then(open, fail);
      },
    });
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
      deps.onReachable();
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
    starting = true;
    win.clearTimeout(retryTimer);
    retryTimer = undefined;
    stream.value = 'connecting';
    try {
      const token = await deps.session.ensure();
      if (!detach) return; // stopped meanwhile
      open(token);
    } catch (error) {
      if (detach) fail(error);
    } finally {
      starting = false;
    }
  }

  return {
    status,
    network,
    isOnline: () => network.value,
    /** Starts the session (if needed) and the stream; safe to call more than once. */
    start,
    stop(): void {
      generation++;
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
