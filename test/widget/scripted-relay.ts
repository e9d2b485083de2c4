// The relay's side of the transport contract (transport-contract.test.ts): what it answers to
// POST /v1/sessions and POST /v1/messages, scripted per test, and what it saw. The real transport
// reaches it over HTTP (serveScriptedRelay); the fake transport (fakes.ts) asks it directly.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SendMessageRequest, SessionResponse } from '../../protocol/relay-api';

/** An error status, with Retry-After in seconds when given. */
type Refusal = { status: number; retryAfterS?: number };
/** One answer to POST /v1/messages: stored, a refusal, no answer at all, or a dropped connection. */
export type RelayAnswer = 'accept' | 'hang' | 'drop' | Refusal;
/** One answer to POST /v1/sessions: a session, a refusal, no answer at all, or a dropped connection. */
export type SessionAnswer = 'ok' | 'hang' | 'drop' | Refusal;
export type Reply = { status: number; body: unknown; headers?: Record<string, string> } | 'hang' | 'drop';

const CODES: Record<number, string> = { 401: 'UNAUTHORIZED', 429: 'RATE_LIMITED', 503: 'UNAVAILABLE' };

export type ScriptedRelay = ReturnType<typeof createScriptedRelay>;

function refusal(answer: Refusal): Reply {
  const headers = answer.retryAfterS === undefined ? undefined : { 'retry-after': String(answer.retryAfterS) };
  return { status: answer.status, body: { error: { code: CODES[answer.status] ?? 'REFUSED', message: 'refused' } }, headers };
}

/** The next scripted answer; the last one stays for every request after it. */
const nextOf = <T>(answers: T[]): T => (answers.length > 1 ? answers.shift()! : answers[0]!);

export function createScriptedRelay() {
  /** Each request as `METHOD path`, then what it was answered: the same for both transports. */
  const requests: string[] = [];
  /** How often the relay stored each message id. */
  const stored = new Map<string, number>();
  const refused = new Set<string>();
  let answers: RelayAnswer[] = ['accept'];
  let sessionAnswers: SessionAnswer[] = ['ok'];
  let tokens = 0;
  let seq = 0;
  return {
    requests,
    stored,
    /** The next answers to POST /v1/messages, one per request; the last one stays. */
    script(...next: RelayAnswer[]) {
      answers = next;
    },
    /** The next answers to POST /v1/sessions, one per request; the last one stays. */
    scriptSessions(...next: SessionAnswer[]) {
      sessionAnswers = next;
    },
    /** A new visitor without a token; with one (even a refused one), the same visitor under a new token. */
    session(token?: string): Reply {
      const answer = nextOf(sessionAnswers);
      const label = answer === 'ok' ? (token ? 200 : 201) : typeof answer === 'string' ? answer : answer.status;
      requests.push(`POST /v1/sessions${token ? ' (resume)' : ''} ${label}`);
      if (answer === 'hang' || answer === 'drop') return answer;
      if (answer !== 'ok') return refusal(answer);
      const body: SessionResponse = { visitorId: 'visitor-1', token: `token-${++tokens}`, lastSeq: seq, limits: { textMaxChars: 100, uploadMaxBytes: 1000, uploadTypes: [] }, availability: { online: true } };
      return { status: token ? 200 : 201, body };
    },
    /** A token the relay refused once (401) stays refused. */
    message(token: string | undefined, body: SendMessageRequest): Reply {
      const answer: RelayAnswer = !token || refused.has(token) ? { status: 401 } : nextOf(answers);
      requests.push(`POST /v1/messages ${typeof answer === 'string' ? answer : answer.status}`);
      if (answer === 'hang' || answer === 'drop') return answer;
      if (answer === 'accept') {
        stored.set(body.id, (stored.get(body.id) ?? 0) + 1);
        return { status: 202, body: { id: body.id, seq: ++seq, status: 'accepted' } };
      }
      if (answer.status === 401 && token) refused.add(token);
      return refusal(answer);
    },
  };
}

/** The scripted relay over HTTP on an ephemeral loopback port. */
export async function serveScriptedRelay(relay: ScriptedRelay): Promise<{ url: string; close(): Promise<void> }> {
  const held = new Set<Socket>();
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += String(chunk)));
      req.on('end', () => resolve(text));
    });
  const server = createServer(async (req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const text = await read(req);
    const reply =
      req.method === 'POST' && req.url === '/v1/sessions' ? relay.session(token)
      : req.method === 'POST' && req.url === '/v1/messages' ? relay.message(token, JSON.parse(text) as SendMessageRequest)
      : { status: 404, body: { error: { code: 'NOT_FOUND', message: 'not here' } } };
    if (reply === 'drop') return void req.socket.destroy();
    if (reply === 'hang') return void held.add(req.socket);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
