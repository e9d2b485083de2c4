// The relay's Kit client: sends visitor events to the custom channel (docs/kit-api.md §3) with a JWT
// from auth.ts; on an auth-type answer it renews the JWT once and retries the send once (§9.1).
import { KitError } from '../errors';
import { createKitAuth, type KitAuthDeps, type KitAuthStatus } from './auth';
import { callKit } from './http';
import { createFetchTransport, createKitTransport } from './transport';
import type { KitIncomingEvent } from '../../protocol/kit-api';

/** The auth deps, less the connections the client owns (`onCall` feeds the app's metrics). */
export type KitClientDeps = Omit<KitAuthDeps, 'transport'>;

export interface KitClient {
  /** Resolves once Kit accepted the event (`{success:true}`); otherwise throws a KitError. */
  send(event: KitIncomingEvent): Promise<void>;
  /** Logs in (or adopts a cached pair) now, e.g. at start, so the first message does not wait. */
  ensureLoggedIn(): Promise<void>;
  status(): KitAuthStatus;
  /** Aborts in-flight calls; later calls fail with KIT_CLOSED. */
  close(): void;
}

export function createKitClient(deps: KitClientDeps): KitClient {
  let closed = false;
  const transport = createKitTransport();
  const authTransport = createFetchTransport();
  const auth = createKitAuth({ ...deps, transport: authTransport });
  const url = `${deps.kit.apiUrl}/${encodeURIComponent(deps.kit.channelUuid)}`;

  const post = (event: KitIncomingEvent, jwt: string) =>
    callKit({
      op: 'send',
      url,
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: JSON.stringify(event),
      timeoutMs: deps.kit.timeoutMs,
      transport,
      onCall: deps.onCall,
    });

  function assertOpen(): void {
    if (closed) throw new KitError('KIT_CLOSED', 'The Kit client is closed', { transient: true });
  }

  return {
    async send(event) {
      assertOpen();
      const jwt = await auth.accessToken();
      try {
        await post(event, jwt);
      } catch (err) {
        if (!(err instanceof KitError) || err.code !== 'KIT_AUTH_FAILED') throw err;
        deps.log.info({ kitOp: 'send', eventId: event.event_id, status: err.status }, 'Kit refused the JWT; renewing and retrying once');
        await post(event, await auth.accessToken(jwt));
      }
    },
    async ensureLoggedIn() {
      assertOpen();
      await auth.accessToken();
    },
    status: () => auth.status(),
    close() {
      closed = true;
      transport.close();
      authTransport.close();
    },
  };
}
