// The relay's state behind one interface, with two implementations: SQLite (embedded
// default, one process) and Redis (any number of relays). Both must pass
// test/relay/store/contract.ts. Every method is async so the Redis one fits.
import type {
  ConversationEntry,
  MailboxEntry,
  MessageEntry,
  PageInfo,
  StatusEntry,
  UtmInfo,
  VisitorProfile,
} from '../../protocol/relay-api';
import type { KitIncomingEvent } from '../../protocol/kit-api';

/** A mailbox entry before the store gives it its sequence number. */
export type NewMailboxEntry = Omit<MessageEntry, 'seq'> | Omit<StatusEntry, 'seq'> | Omit<ConversationEntry, 'seq'>;

export interface VisitorRecord {
  visitorId: string;
  profile: VisitorProfile;
  locale?: string;
  page?: PageInfo;
  utm?: UtmInfo;
  device?: { type?: string; user_agent?: string };
  /** The site's user id, once a verified identity (RELAY_IDENTITY_SECRET) owns this visitor; set by linkUser only. */
  userId?: string;
  /** ms since epoch */
  createdAt: number;
  updatedAt: number;
}

/** A visitor message accepted by the relay and not yet confirmed by Kit. */
export interface OutboxItem {
  visitorId: string;
  /** The widget's message id (Kit `message_id`). */
  messageId: string;
  /** The Kit event, built once at acceptance; its `event_id` never changes across retries. */
  event: KitIncomingEvent;
  /** ms since epoch, when the relay accepted it. */
  acceptedAt: number;
  /** Claims so far, this one included: `claim` counts each hand-out (1 on the first). */
  attempts: number;
  /** ms since epoch; not claimable before. */
  nextAttemptAt: number;
  lastError?: string;
}

export interface AcceptResult {
  /** The mailbox entry written for this message (the first one, on a repeat). */
  entry: MessageEntry;
  /** True when `id` had been accepted before: nothing was written this time. */
  duplicate: boolean;
}

export interface KitTokens {
  accessToken: string;
  refreshToken: string;
  /** ms since epoch when the access token expires. */
  accessExpiresAt: number;
  /** ms since epoch when the refresh token is assumed to expire. */
  refreshExpiresAt: number;
}

export type EntryListener = (entry: MailboxEntry) => void;

/** An upload as the store accounts for it: whose it is, how many bytes it holds, since when. */
export interface UploadRecord {
  fileId: string;
  visitorId: string;
  size: number;
  /** ms since epoch */
  createdAt: number;
}

/**
 * Per-visitor upload bytes and the uploads not yet attached to any message. An upload is
 * reserved before its body is read, so parallel uploads cannot overshoot the quota; one left
 * unattached (also by a crash mid-upload) is taken by the sweep, which frees its bytes.
 */
export interface UploadLedger {
  /**
   * Atomically: when the visitor's bytes plus `upload.size` fit in `quotaBytes`, records the
   * upload as unattached and counts its bytes, and resolves true; else changes nothing.
   */
  reserveUpload(upload: UploadRecord, quotaBytes: number): Promise<boolean>;
  /** Sets a reserved upload's size to what was actually stored. */
  settleUpload(fileId: string, size: number): Promise<void>;
  /** Forgets an upload and frees its bytes; resolves with it, or undefined when unknown. */
  dropUpload(fileId: string): Promise<UploadRecord | undefined>;
  /** Marks the visitor's own uploads among `fileIds` as attached (never swept); resolves with those found. */
  attachUploads(visitorId: string, fileIds: readonly string[]): Promise<string[]>;
  /**
   * Atomically takes up to `max` uploads never attached and created before `createdBefore`:
   * forgets them and frees their bytes, so exactly one caller deletes each file.
   */
  takeUnattachedUploads(createdBefore: number, max: number): Promise<UploadRecord[]>;
  /** Bytes the visitor's uploads hold. */
  uploadBytes(visitorId: string): Promise<number>;
}

/**
 * Visitor token revocation: each visitor has a generation (0 at first), carried by every token
 * issued; a bump makes every token issued before it invalid. Logout (reset), erasure and
 * verified-identity logout all revoke through bumpTokenGeneration.
 */
export interface TokenGenerations {
  /** The visitor's current token generation, or undefined for a visitor the store does not know. */
  tokenGeneration(visitorId: string): Promise<number | undefined>;
  /** Atomically adds one to the visitor's generation; resolves with the new one, or undefined when unknown. */
  bumpTokenGeneration(visitorId: string): Promise<number | undefined>;
}

/** What erasure found and removed; the caller deletes the files from the file store. */
export interface ErasedVisitor {
  /** False when the store had no record of the visitor (its other data, if any, is gone all the same). */
  found: boolean;
  /** The visitor's uploads, forgotten by the ledger: their files are the caller's to delete. */
  fileIds: string[];
}

/**
 * Verified users, erasure and retention. Every write to a visitor (record,
 * mailbox, upload) counts as activity: a visitor idle for the retention period is erased.
 */
export interface VisitorData {
  /** The visitor a verified user id owns, or undefined when the user has none. */
  userVisitor(userId: string): Promise<string | undefined>;
  /**
   * Atomically: when the user owns no visitor yet and `visitorId` exists and belongs to no user,
   * links them (the visitor's record gets `userId`). Resolves with the user's visitor afterwards:
   * the one it already had, or `visitorId`; undefined when the user has none and `visitorId`
   * is unknown or another user's.
   */
  linkUser(userId: string, visitorId: string): Promise<string | undefined>;
  /**
   * Atomically removes everything kept about the visitor: its record and user link (so every
   * token of it is refused), mailbox, outbox items not sent yet, and upload ledger entries.
   */
  eraseVisitor(visitorId: string): Promise<ErasedVisitor>;
  /**
   * Up to `max` visitors with no activity since `before`, oldest first, for the retention sweep
   * to erase. A store whose keys expire by themselves (Redis) returns none.
   */
  idleVisitors(before: number, max: number): Promise<string[]>;
  /** Atomically forgets up to `max` uploads (attached or not) created before `createdBefore`, so exactly one caller deletes each file. */
  takeUploadsBefore(createdBefore: number, max: number): Promise<UploadRecord[]>;
}

export interface Store extends UploadLedger, TokenGenerations, VisitorData {
  // Visitors
  createVisitor(visitor: VisitorRecord): Promise<void>;
  getVisitor(visitorId: string): Promise<VisitorRecord | undefined>;
  /** Merges the given fields into the visitor (profile fields merge one by one). */
  updateVisitor(visitorId: string, patch: Partial<Omit<VisitorRecord, 'visitorId' | 'createdAt' | 'userId'>>): Promise<void>;

  // Mailbox: the per-visitor ordered log; seq starts at 1 and has no gaps.
  /** Appends an entry, gives it the next seq, publishes it to subscribers, returns it. */
  append(visitorId: string, entry: NewMailboxEntry): Promise<MailboxEntry>;
  /** Entries with seq > after, oldest first, at most `limit`. */
  list(visitorId: string, after: number, limit: number): Promise<MailboxEntry[]>;
  /** The newest `limit` entries with seq < before, oldest first (paging back through history). */
  listBefore(visitorId: string, before: number, limit: number): Promise<MailboxEntry[]>;
  lastSeq(visitorId: string): Promise<number>;

  /**
   * Atomically (one transaction): writes the visitor's message to the mailbox (status
   * `accepted`) and the outbox. Idempotent on (visitorId, message id): a repeat writes nothing
   * and returns the first entry with `duplicate: true`. Publishes the entry when new.
   */
  accept(visitorId: string, entry: Omit<MessageEntry, 'seq'>, outbox: Omit<OutboxItem, 'attempts' | 'nextAttemptAt'>): Promise<AcceptResult>;

  // Outbox: delivery in order per visitor, one in flight per visitor, across processes.
  /**
   * Claims up to `max` items that are due (nextAttemptAt <= now), at most one per visitor
   * and only each visitor's oldest pending item, skipping visitors with a live claim by
   * anyone. A claim lasts `leaseMs`; after that the item can be claimed again.
   */
  claim(owner: string, now: number, leaseMs: number, max: number): Promise<OutboxItem[]>;
  /** Removes the item from the outbox and appends a `status: delivered` entry, atomically. */
  markDelivered(visitorId: string, messageId: string): Promise<void>;
  /** Removes the item and appends a `status: failed` entry with the reason, atomically. */
  markFailed(visitorId: string, messageId: string, reason: string): Promise<void>;
  /** Releases the claim and schedules another attempt. */
  retryLater(visitorId: string, messageId: string, nextAttemptAt: number, lastError: string): Promise<void>;
  /**
   * Makes every message waiting out a backoff (unclaimed, a last error not in `keepWaiting`,
   * due after `now`) due at `now`, e.g. because Kit just took a message again. Order per
   * visitor and one-in-flight are the claim's, as ever. Resolves with how many became due.
   */
  retryNow(now: number, keepWaiting: readonly string[]): Promise<number>;
  outboxDepth(): Promise<number>;

  // Callbacks from Kit
  /**
   * De-duplicates on Kit's event_id and, when new, appends the entry, atomically.
   * Returns the appended entry, or undefined for an event_id seen within `ttlMs`.
   */
  appendFromKit(eventId: string, visitorId: string, entry: NewMailboxEntry, ttlMs: number): Promise<MailboxEntry | undefined>;
  /**
   * Marks a verified event_id as seen without appending anything (an event the relay ignores),
   * in the same de-duplication set as appendFromKit, so the id cannot be used again within
   * `ttlMs` whatever body comes with it. Resolves true when the id was new.
   */
  rememberKitEvent(eventId: string, ttlMs: number): Promise<boolean>;

  // Fan-out: every append (from any process sharing the store) reaches these listeners.
  subscribe(visitorId: string, listener: EntryListener): () => void;
  /**
   * Registers fn for when the fan-out may have missed entries (Redis: the subscriber connection
   * dropped): listeners cannot promise a gapless feed any more, so event streams should end and
   * resume from the store. A store that cannot miss entries (SQLite, in-process) has no such hook.
   */
  onFanoutInterrupted?(fn: () => void): void;

  // Kit token cache, shared by every relay on the store.
  getKitTokens(): Promise<KitTokens | undefined>;
  setKitTokens(tokens: KitTokens | undefined): Promise<void>;
  /** Runs fn while holding the cluster-wide Kit auth lock (single-flight across relays). */
  withKitLock<T>(fn: () => Promise<T>): Promise<T>;

  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
