// The relay's public wire format (README, The relay's API): every /v1 request and answer, the mailbox
// entries, and every error code. Types only: nothing here runs. The relay, the widget, the
// simulator and the tests take the contract from this file.

export type MessageFrom = 'visitor' | 'agent' | 'bot' | 'system';
/**
 * Where a visitor message stands, one name per state everywhere (README, How it fits together). The browser's
 * own states come first: `pending` (in the browser's outbox) and `sending`; the relay reports
 * the rest: `accepted` (stored durably, the 202), then `delivered` (Kit has it) or `failed`.
 */
export type DeliveryState = 'pending' | 'sending' | 'accepted' | 'delivered' | 'failed';
/** The states the relay reports on the wire. */
export type MessageStatus = Extract<DeliveryState, 'accepted' | 'delivered' | 'failed'>;
export type AttachmentKind = 'image' | 'file' | 'video' | 'audio' | 'location' | 'contact' | 'unknown';

export interface Attachment {
  kind: AttachmentKind;
  url?: string;
  name?: string;
  /** Bytes, when known. */
  size?: number;
  /** MIME type, when known. */
  type?: string;
  latitude?: number;
  longitude?: number;
  address?: string;
  /** Contact items: the phone number. */
  phone?: string;
}

export interface SenderInfo {
  name?: string;
  avatarUrl?: string;
}

export interface ChatMessage {
  id: string;
  from: MessageFrom;
  text?: string;
  attachments?: Attachment[];
  sender?: SenderInfo;
  /** ISO-8601. */
  createdAt: string;
  /** Visitor messages only: where the message stands on its way to Kit. */
  status?: MessageStatus;
}

export interface MessageEntry {
  seq: number;
  type: 'message';
  message: ChatMessage;
}

export interface StatusEntry {
  seq: number;
  type: 'status';
  /** The visitor message this status is about. */
  id: string;
  status: Extract<MessageStatus, 'delivered' | 'failed'>;
  reason?: string;
}

export interface ConversationEntry {
  seq: number;
  type: 'conversation';
  state: 'closed';
  reason?: string;
}

export type MailboxEntry = MessageEntry | StatusEntry | ConversationEntry;

export interface VisitorProfile {
  name?: string;
  email?: string;
  phone?: string;
}

export interface PageInfo {
  url?: string;
  title?: string;
  referrer?: string;
}

export interface UtmInfo {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
}

/**
 * A signed identity: the site's backend computes
 * `userHash = hex(HMAC-SHA256(RELAY_IDENTITY_SECRET, userId))`, 64 lower-case hex digits.
 */
export interface SessionIdentity {
  userId: string;
  userHash: string;
}

/** `POST /v1/sessions` body; every field is optional. */
export interface SessionRequest {
  /** With a valid one the answer is the user's own visitor, on every device. */
  identity?: SessionIdentity;
  profile?: VisitorProfile;
  locale?: string;
  page?: PageInfo;
  utm?: UtmInfo;
}

/**
 * Whether the team answers now (business hours; README, What the visitor gets): `GET /v1/availability` and the
 * session answer. Without configured hours the team is always online.
 */
export interface Availability {
  online: boolean;
  /** While away: when the team is back (ISO-8601, UTC), if the hours say. */
  opensAt?: string;
}

/** Limits the widget should respect before it sends anything. */
export interface ClientLimits {
  textMaxChars: number;
  uploadMaxBytes: number;
  uploadTypes: string[];
}

/** `POST /v1/sessions` answer: 201 for a new visitor, 200 for a resumed one. */
export interface SessionResponse {
  visitorId: string;
  token: string;
  lastSeq: number;
  limits: ClientLimits;
  availability: Availability;
  /** True when the visitor belongs to a verified user (a valid `identity`). */
  verified?: boolean;
}

/** The page a message was written on; its Kit event carries it as `client_data.page`. */
export type MessagePage = Pick<PageInfo, 'url' | 'title'>;

/** `POST /v1/messages` body. `id` is made by the client and makes the call idempotent. */
export interface SendMessageRequest {
  id: string;
  text?: string;
  attachments?: { fileId: string }[];
  /** Where the visitor was when writing it (single-page sites change it without a new session). */
  page?: MessagePage;
}

/** `POST /v1/messages` answer (202). */
export interface SendMessageResponse {
  id: string;
  seq: number;
  status: MessageStatus;
}

/**
 * `GET /v1/messages` query: `after` pages forwards (entries with a greater seq, oldest first);
 * `before` pages backwards (the newest entries with a smaller seq, still oldest first). At most
 * one of the two; neither means from the start. `limit` is 1 to 500 (default 100).
 */
export interface MessagesQuery {
  after?: number;
  before?: number;
  limit?: number;
}

/** `GET /v1/messages` answer; `lastSeq` is the newest seq of the whole mailbox. */
export interface MessagesPage {
  messages: MailboxEntry[];
  lastSeq: number;
}

/** `POST /v1/uploads` answer (201). */
export interface UploadResponse {
  fileId: string;
  url: string;
  name: string;
  size: number;
  type: string;
}

/**
 * Every error code the relay answers with, on /v1, /files, /kit/callback and the ops
 * endpoints. Codes are API (stable); messages are for people.
 */
export type ErrorCode =
  // Any endpoint
  | 'INVALID_REQUEST'
  | 'INVALID_JSON'
  | 'INVALID_BODY'
  | 'UNSUPPORTED_TYPE'
  | 'UNSUPPORTED_CHARSET'
  | 'UNSUPPORTED_ENCODING'
  | 'PAYLOAD_TOO_LARGE'
  | 'REQUEST_ABORTED'
  | 'RATE_LIMITED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  // Visitor API
  | 'UNAUTHORIZED'
  | 'TEXT_TOO_LONG'
  | 'EMPTY_MESSAGE'
  | 'ATTACHMENT_NOT_FOUND'
  | 'TOO_MANY_STREAMS'
  // Signed identity (POST /v1/sessions)
  | 'IDENTITY_INVALID'
  | 'IDENTITY_NOT_CONFIGURED'
  | 'IDENTITY_REQUIRED'
  // Uploads
  | 'FILE_TOO_LARGE'
  | 'EMPTY_FILE'
  | 'INVALID_MULTIPART'
  | 'INVALID_FILE_NAME'
  | 'UPLOAD_QUOTA_EXCEEDED'
  | 'STORAGE_FULL'
  // Kit callbacks
  | 'INVALID_SIGNATURE'
  | 'INVALID_EVENT'
  // Serving the widget
  | 'WIDGET_NOT_BUILT'
  // Ops endpoints: /metrics from elsewhere than this machine, with no RELAY_METRICS_TOKEN
  | 'FORBIDDEN';

/** Every error the relay answers with. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** SSE event names on `GET /v1/events`; the SSE `id:` is the entry's `seq`. */
export type StreamEventName = MailboxEntry['type'];
