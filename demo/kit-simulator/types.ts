// Public types of the Kit simulator: its options, fault switches, stats and the
// conversation views that the programmatic API, the admin API and the console share.
import type { KitClientData, KitPayloadItem } from '../../protocol/kit-api';

/** Anything with pino's `info`/`warn` shape. The simulator logs ids and counts, never text or secrets. */
export interface SimulatorLog {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
}

export interface CallbackRetryOptions {
  /** Total delivery attempts per callback, first one included. */
  attempts: number;
  /** Delay before the second attempt; doubles for each further one. */
  baseDelayMs: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
}

export interface AgentIdentity {
  id: number;
  username: string;
  displayName: string;
  email: string;
  /** Absolute URL of the agent's picture; none by default, as for an agent who never uploaded one. */
  avatarUrl?: string;
}

export interface KitSimulatorOptions {
  account: string;
  apiToken: string;
  channelUuid: string;
  /** The channel's "Security Salt" used to sign callbacks (docs/kit-api.md §4.2). */
  salt: string;
  callbackUrl?: string;
  /** Sign callbacks with this token instead of the API token (as if Kit used another one). */
  signingToken?: string;
  host?: string;
  port?: number;
  accessTtlMs?: number;
  refreshTtlMs?: number;
  echoBot?: boolean;
  echoDelayMs?: number;
  callbackRetry?: Partial<CallbackRetryOptions>;
  agent?: Partial<AgentIdentity>;
  /** Injectable clock (ms since epoch) for token expiry; defaults to Date.now. */
  now?: () => number;
  log?: SimulatorLog;
}

/** Switchable misbehaviour. `null`/`false`/0 means "behave". */
export interface FaultState {
  /** Answer sends with this status instead of accepting them. */
  sendStatus: number | null;
  /** How many sends still get `sendStatus`; null means until cleared. */
  sendStatusRemaining: number | null;
  /** Added before answering every Kit API request (login, refresh, send). */
  latencyMs: number;
  /** Destroy the socket of every send without answering. */
  dropConnections: boolean;
  /** Refuse every refresh token, so the client has to log in again. */
  refuseRefresh: boolean;
  /** Fail every login with this status. */
  loginStatus: number | null;
  /** Deliver every callback twice with the same event_id. */
  duplicateCallbacks: boolean;
  /** Accept at most this many sends per second; the rest get 429 with Retry-After. */
  rateLimitPerSecond: number | null;
  /** Answer sends HTTP 200 with {success:false, result:{code}} carrying this Kit code (§2.5). */
  successFalseCode: number | null;
}

/** What `faults.set()` and `POST /admin/faults` accept; `count` bounds `sendStatus`. */
export interface FaultPatch {
  sendStatus?: number | null;
  count?: number | null;
  latencyMs?: number;
  dropConnections?: boolean;
  refuseRefresh?: boolean;
  loginStatus?: number | null;
  duplicateCallbacks?: boolean;
  rateLimitPerSecond?: number | null;
  successFalseCode?: number | null;
}

export interface SimulatorStats {
  logins: number;
  loginFailures: number;
  refreshes: number;
  refreshFailures: number;
  /** Sends accepted and recorded. */
  sends: number;
  /** Sends answered with an error (auth, validation or an injected fault). */
  sendsRejected: number;
  /** Accepted sends per message_id: exactly-once delivery means every value is 1. */
  sendsByMessageId: Record<string, number>;
  /** Callback POSTs the receiver answered with 2xx (a duplicated callback counts twice). */
  callbacksSent: number;
  /** Callback POST attempts, including failed ones and retries. */
  callbackAttempts: number;
  /** Callbacks given up on after every retry. */
  callbacksFailed: number;
  /** Sends answered 429 by the rate limit. */
  sendsRateLimited: number;
}

/** One send that passed the schema, as the simulator answered it (for tests of retry timing). */
export interface SendAttempt {
  messageId: string;
  /** ms since epoch, when the simulator received it. */
  at: number;
  status: number;
  /** The Retry-After it answered with, in seconds. */
  retryAfterS?: number;
  /** Kit's code in a 200 {success:false} answer. */
  successFalseCode?: number;
}

export type Sender = 'visitor' | 'agent' | 'bot';
export type Delivery = 'pending' | 'delivered' | 'failed';
export type CloseReason =
  | 'CLOSED_BY_AGENT'
  | 'CLOSED_BY_BOT'
  | 'CLOSED_BY_CLIENT_TIMEOUT'
  | 'CLOSED_BY_UNKNOWN_REASON';

export const CLOSE_REASONS: readonly CloseReason[] = [
  'CLOSED_BY_AGENT',
  'CLOSED_BY_BOT',
  'CLOSED_BY_CLIENT_TIMEOUT',
  'CLOSED_BY_UNKNOWN_REASON',
];

export interface ConversationMessage {
  /** Kit's message_id: the integrator's id for visitor messages, a fresh UUID for replies. */
  id: string;
  from: Sender;
  text?: string;
  payload: KitPayloadItem[];
  at: string;
  eventId: string;
  senderName?: string;
  /** Callback delivery state, for operator and bot messages only. */
  delivery?: Delivery;
}

export interface Conversation {
  id: string;
  clientId: string;
  status: 'open' | 'closed';
  closeReason?: CloseReason;
  openedAt: string;
  closedAt?: string;
  /** client_data as last sent by the integrator. */
  client: KitClientData;
  messages: ConversationMessage[];
  unread: number;
}

export interface ReplyInput {
  text?: string;
  payload?: KitPayloadItem[];
  /** Convenience: one media item whose type is guessed from the URL's extension. */
  attachmentUrl?: string;
  as?: 'agent' | 'bot';
}

export interface CallbackOutcome {
  eventId: string;
  delivered: boolean;
  attempts: number;
}
