// The transport as the models see it: tests pass a fake with the same shape.
import type {
  Availability,
  MailboxEntry,
  SendMessageRequest,
  SendMessageResponse,
  SessionRequest,
  SessionResponse,
  UploadResponse,
} from '../../protocol/relay-api';

export type StreamState = 'connecting' | 'open' | 'reconnecting';

export interface StreamOptions {
  token: string;
  /** The highest seq already held; read again before every reconnect. */
  after: () => number;
  onEntry: (entry: MailboxEntry) => void;
  onState: (state: StreamState) => void;
  /** The token was refused: the stream has stopped and a new session is needed. */
  onUnauthorized: () => void;
}

export interface StreamHandle {
  /** Skip the backoff wait and reconnect now (network back, tab visible). */
  retryNow(): void;
  close(): void;
}

export interface UploadOptions {
  /** Bytes sent so far and the request's total, as the upload goes. */
  onProgress?: (loaded: number, total: number) => void;
  /** Aborting it cancels the upload; the promise rejects with code ABORTED. */
  signal?: AbortSignal;
}

/** The XHR uploader (upload.ts), which ships in the attachment plug-in's chunk. */
export type UploadFile = (win: Window, base: string, token: string, file: File, options?: UploadOptions) => Promise<UploadResponse>;

export interface Transport {
  /** 201 for a new visitor; with a token, 200 resumes it (401 when the token is no longer valid). */
  startSession(body: SessionRequest, token?: string): Promise<SessionResponse>;
  /** Logs the visitor out at the relay: every token it was given stops working. */
  endSession(token: string): Promise<unknown>;
  sendMessage(token: string, body: SendMessageRequest): Promise<SendMessageResponse>;
  /** Business hours now (GET /v1/availability, no token). */
  availability(): Promise<Availability>;
  openStream(options: StreamOptions): StreamHandle;
  /** Uploads one attachment; 413 and 415 reject as REJECTED with the relay's code. */
  uploadFile(token: string, file: File, options?: UploadOptions): Promise<UploadResponse>;
}
