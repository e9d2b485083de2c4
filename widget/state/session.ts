// The visitor session: starts or resumes it with the relay (single-flight, also across tabs),
// keeps the token, and starts over when the relay says the token is no longer valid. Calls
// made with the token go through withToken (with-token.ts). A signed identity (identify with
// userId and userHash) goes with every session start: the relay answers with the user's visitor.
// Once verified, a self-declared name or email never replaces the one that came with it.
import { signal } from '@preact/signals';
import type { Availability, ClientLimits, SessionIdentity, SessionRequest, VisitorProfile } from '../../protocol/relay-api';
import type { KeyValueStore } from '../util/storage';
import { isTransportError, TransportError } from '../transport/errors';
import type { Transport } from '../transport/types';

export const DEFAULT_LIMITS: ClientLimits = { textMaxChars: 2000, uploadMaxBytes: 10 << 20, uploadTypes: [] };
const KEY = 'session';

interface StoredSession {
  token: string;
  visitorId: string;
  limits?: ClientLimits;
  /** What the visitor told about themselves (identify, forms), so no form asks it again. */
  profile?: VisitorProfile;
  identity?: SessionIdentity | null;
}

export type Session = ReturnType<typeof createSession>;
/** Runs `fn` alone among every tab of the site (Web Locks), or just runs it. */
export type TabLock = <T>(fn: () => Promise<T>) => Promise<T>;

export function webLock(win: Window): TabLock {
  const locks = win.navigator?.locks;
  // request() resolves with what fn resolves with; its typing nests the promise.
  return locks ? <T>(fn: () => Promise<T>) => locks.request('kitchat:session', fn) as Promise<unknown> as Promise<T> : (fn) => fn();
}

export function createSession(
  transport: Transport,
  store: KeyValueStore,
  describe: () => SessionRequest,
  /** Called when the relay starts a new visitor in place of the stored one. */
  onNewVisitor: () => void,
  lock: TabLock = (fn) => fn(),
) {
  const stored = store.get<StoredSession>(KEY);
  const limits = signal<ClientLimits>({ ...DEFAULT_LIMITS, ...stored?.limits });
  let token: string | null = stored?.token ?? null;
  let visitorId = stored?.visitorId ?? null;
  let confirmed = false; // the stored token has been accepted by the relay on this page
  let inflight: Promise<string> | null = null;
  /** Everything known about the visitor, sent with each session start. */
  const profile = signal<VisitorProfile>(stored?.profile ?? {});
  let identity = stored?.identity ?? null;
  /** The relay vouched for the visitor (a valid identity), as of its latest session answer. */
  const verified = signal(false);
  /** The relay's last seq, as of its latest session answer on this page. */
  let relayLastSeq = 0;
  /** Whether the team answers now (business hours): from each answer, or asked again since. */
  const availability = signal<Availability | null>(null);
  const save = (res: { token: string; visitorId: string }) =>
    store.set(KEY, { token: res.token, visitorId: res.visitorId, limits: limits.value, profile: profile.value, identity } satisfies StoredSession);

  /** Tabs opened before any session take turns, so the second adopts the first's visitor. */
  function begin(): Promise<string> {
    return lock(async () => {
      if (!token) {
        const other = store.get<StoredSession>(KEY);
        if (other?.token) ({ token, visitorId } = other);
      }
      return start();
    });
  }

  async function start(): Promise<string> {
    const body = { ...describe(), profile: profile.value, ...(identity ? { identity } : {}) };
    let res;
    try {
      res = await transport.startSession(body, token ?? undefined);
    } catch (error) {
      // The stored visitor is gone (or its token no longer valid): start a new one.
      if (!(token && isTransportError(error, 'UNAUTHORIZED'))) throw error;
      token = null;
      res = await transport.startSession(body);
    }
    if (typeof res?.token !== 'string' || typeof res.visitorId !== 'string') throw new TransportError('REJECTED');
    if (res.visitorId !== visitorId) {
      if (visitorId) onNewVisitor();
      visitorId = res.visitorId;
    }
    token = res.token;
    confirmed = true;
    const maxChars = Number(res.limits?.textMaxChars);
    limits.value = { ...DEFAULT_LIMITS, ...res.limits, textMaxChars: maxChars > 0 ? maxChars : DEFAULT_LIMITS.textMaxChars };
    verified.value = res.verified === true;
    save(res);
    relayLastSeq = res.lastSeq;
    availability.value = res.availability ?? null;
    return res.token;
  }

  return {
    limits,
    profile,
    verified,
    availability,
    /** The relay's last seq as of the latest session answer (0 before one). */
    relayLastSeq: () => relayLastSeq,
    /** True when a session from an earlier visit is stored. */
    hasStored: () => token !== null,
    /** A valid token, starting or resuming the session when needed. */
    ensure(): Promise<string> {
      if (confirmed && token) return Promise.resolve(token);
      inflight ??= begin().finally(() => (inflight = null));
      return inflight;
    },
    /** The relay refused `refused`: forget it and start again, unless another call already has. */
    renew(refused: string): Promise<string> {
      if (token === refused && !inflight) {
        token = null;
        confirmed = false;
      }
      return this.ensure();
    },
    /**
     * Updates the profile, and the identity when one is given; an active session sends them to
     * the relay at once. Without an identity, a verified visitor's name and email stay.
     */
    identify(next: VisitorProfile, signed?: SessionIdentity): Promise<unknown> {
      const mine = { ...next };
      if (signed) identity = signed;
      else if (identity) for (const key of ['name', 'email'] as const) if (profile.value[key]) delete mine[key];
      profile.value = { ...profile.value, ...mine };
      if (token && visitorId) save({ token, visitorId });
      if (!confirmed) return Promise.resolve();
      confirmed = false;
      return this.ensure();
    },
    /** Forgets the visitor here, and asks the relay to revoke its tokens (best effort: offline, it stays forgotten here). */
    clear(): void {
      if (token) transport.endSession(token).catch(Boolean);
      token = visitorId = identity = null;
      confirmed = verified.value = false;
      profile.value = {};
      availability.value = null;
      store.remove(KEY);
    },
  };
}
