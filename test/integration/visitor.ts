// A visitor as the widget drives the relay over real HTTP: start a session, send messages,
// read the mailbox as JSON, and follow the event stream (resumable with Last-Event-ID).
import type { MailboxEntry, MessagesPage, SendMessageResponse, SessionRequest, SessionResponse } from '../../protocol/relay-api';
import { sseReader } from '../helpers/http';

export const BROWSER_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

export type EventStream = ReturnType<typeof sseReader> & {
  /** The next mailbox entry on the stream (heartbeats skipped). */
  entry(timeoutMs?: number): Promise<MailboxEntry>;
};

export interface Visitor {
  visitorId: string;
  token: string;
  /** POST /v1/messages; resolves with the HTTP status and the answer. */
  send(id: string, text: string, relayUrl?: string): Promise<{ status: number; body: SendMessageResponse }>;
  mailbox(relayUrl?: string): Promise<MailboxEntry[]>;
  stream(options?: { relayUrl?: string; lastEventId?: number }): Promise<EventStream>;
}

const headers = (token?: string): Record<string, string> => ({
  'content-type': 'application/json',
  'user-agent': BROWSER_UA,
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

export async function startVisitor(relayUrl: string, session: SessionRequest = {}): Promise<Visitor> {
  const res = await fetch(`${relayUrl}/v1/sessions`, { method: 'POST', headers: headers(), body: JSON.stringify(session) });
  // 200: a signed identity whose user already has a visitor (another device).
  if (res.status !== 201 && res.status !== 200) throw new Error(`POST /v1/sessions answered ${res.status}`);
  const { visitorId, token } = (await res.json()) as SessionResponse;

  return {
    visitorId,
    token,
    async send(id, text, url = relayUrl) {
      const r = await fetch(`${url}/v1/messages`, { method: 'POST', headers: headers(token), body: JSON.stringify({ id, text }) });
      return { status: r.status, body: (await r.json()) as SendMessageResponse };
    },
    async mailbox(url = relayUrl) {
      const r = await fetch(`${url}/v1/messages?after=0&limit=500`, { headers: headers(token) });
      if (r.status !== 200) throw new Error(`GET /v1/messages answered ${r.status}`);
      return ((await r.json()) as MessagesPage).messages;
    },
    async stream({ relayUrl: url = relayUrl, lastEventId } = {}) {
      // Aborting (not just cancelling the body) closes the connection, as a browser leaving
      // the page does; a cancelled body can leave undici's socket half-open until a timeout.
      const abort = new AbortController();
      const r = await fetch(`${url}/v1/events`, {
        signal: abort.signal,
        headers: { ...headers(token), accept: 'text/event-stream', ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) },
      });
      if (r.status !== 200) throw new Error(`GET /v1/events answered ${r.status}`);
      const reader = sseReader(r);
      return {
        ...reader,
        entry: async (timeoutMs) => (await reader.nextData(timeoutMs)).json as MailboxEntry,
        cancel: async () => {
          await reader.cancel();
          abort.abort();
        },
      };
    },
  };
}

/** Reads entries until `done` says the wanted one arrived; returns every entry read. */
export async function readUntil(stream: EventStream, done: (entry: MailboxEntry) => boolean, timeoutMs = 5000): Promise<MailboxEntry[]> {
  const seen: MailboxEntry[] = [];
  for (;;) {
    const entry = await stream.entry(timeoutMs);
    seen.push(entry);
    if (done(entry)) return seen;
  }
}
