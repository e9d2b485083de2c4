// The relay's public wire format (DESIGN §3): what the widget sends and receives.
// Types only, plus nothing that runs: the widget imports this file with `import type`.

export type MessageFrom = 'visitor' | 'agent' | 'bot' | 'system';
export type MessageStatus = 'queued' | 'sent' | 'failed';
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
  status: 'sent' | 'failed';
  reason?: string;
}

export interface ConversationEntry {
  seq: number;
  type: 'conversation';
  state: 'closed';
  reason?: string;
}

export type MailboxEntry = MessageEntry | StatusEntry | ConversationEntry;
/** An entry before the store gives it its sequence number. */
export type NewMailboxEntry =
  | Omit<MessageEntry, 'seq'>
  | Omit<StatusEntry, 'seq'>
  | Omit<ConversationEntry, 'seq'>;

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

/** `POST /v1/sessions` body; every field is optional. */
export interface SessionRequest {
  profile?: VisitorProfile;
  locale?: string;
  page?: PageInfo;
  utm?: UtmInfo;
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
}

/** `POST /v1/messages` body. `id` is made by the client and makes the call idempotent. */
export interface SendMessageRequest {
  id: string;
  text?: string;
  attachments?: { fileId: string }[];
}

/** `POST /v1/messages` answer (202). */
export interface SendMessageResponse {
  id: string;
  seq: number;
  status: MessageStatus;
}

/** `GET /v1/messages?after=&limit=` answer. */
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

/** Every error the relay answers with. `code` is API; `message` is for people. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** SSE event names on `GET /v1/events`; the SSE `id:` is the entry's `seq`. */
export type StreamEventName = MailboxEntry['type'];
