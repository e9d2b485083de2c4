// @vitest-environment node
// One table of relay answers, run through the widget's models (session, withToken, conversation)
// over the real transport against a local server and over the fake transport the model tests
// use: both must leave the visitor with the same message state after the same requests, so the
// fake cannot drift from what ky and the error mapping really do.
import { effect } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryState } from '../../protocol/relay-api';
import { createConversation, type Conversation } from '../../widget/state/conversation';
import { createSession } from '../../widget/state/session';
import { tokenCaller } from '../../widget/state/with-token';
import { createHttpTransport, REQUEST_TIMEOUT_MS } from '../../widget/transport/http';
import type { Transport } from '../../widget/transport/types';
import { createMemoryStore } from '../../widget/util/storage';
import { createFakeTransport } from './fakes';
import { createScriptedRelay, serveScriptedRelay, type RelayAnswer, type ScriptedRelay, type SessionAnswer } from './scripted-relay';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** How each transport reaches the scripted relay. */
const TRANSPORTS: { name: string; connect(relay: ScriptedRelay): Promise<Transport> }[] = [
  {
    name: 'the real transport over HTTP',
    async connect(relay) {
      const server = await serveScriptedRelay(relay);
      cleanups.push(() => server.close());
      // A short request timeout for the relay that never answers, and a short cap on Retry-After.
      return createHttpTransport(server.url, globalThis as unknown as Window, () => Promise.reject(new Error('no uploads')), {
        requestMs: Math.min(REQUEST_TIMEOUT_MS, 500),
        retryAfterMaxMs: 100,
      });
    },
  },
  {
    name: 'the fake transport',
    async connect(relay) {
      const fake = createFakeTransport();
      fake.answerFrom(relay);
      return fake.transport;
    },
  },
];

interface Case {
  relay: string;
  answers: RelayAnswer[];
  /** What the visitor's message shows once the send is over. */
  delivery: DeliveryState;
  /** The failure the widget reports (its `error` event), if any. */
  error?: string;
  /** The requests after the session start, each with its answer. */
  requests: string[];
}

const CASES: Case[] = [
  {
    relay: 'refuses the token once (401)',
    answers: [{ status: 401 }, 'accept'],
    delivery: 'accepted',
    requests: ['POST /v1/messages 401', 'POST /v1/sessions (resume) 200', 'POST /v1/messages accept'],
  },
  {
    relay: 'refuses the renewed token too',
    answers: [{ status: 401 }, { status: 401 }],
    delivery: 'failed',
    error: 'UNAUTHORIZED',
    requests: ['POST /v1/messages 401', 'POST /v1/sessions (resume) 200', 'POST /v1/messages 401'],
  },
  {
    relay: 'answers 429 with Retry-After once',
    answers: [{ status: 429, retryAfterS: 1 }, 'accept'],
    delivery: 'accepted',
    requests: ['POST /v1/messages 429', 'POST /v1/messages accept'],
  },
  {
    relay: 'keeps answering 429',
    answers: [{ status: 429, retryAfterS: 60 }],
    delivery: 'failed',
    error: 'RATE_LIMITED',
    requests: ['POST /v1/messages 429', 'POST /v1/messages 429', 'POST /v1/messages 429'],
  },
  {
    relay: 'answers 503 once',
    answers: [{ status: 503, retryAfterS: 0 }, 'accept'],
    delivery: 'accepted',
    requests: ['POST /v1/messages 503', 'POST /v1/messages accept'],
  },
  {
    relay: 'keeps answering 503',
    answers: [{ status: 503, retryAfterS: 0 }],
    delivery: 'failed',
    error: 'SERVER',
    requests: ['POST /v1/messages 503', 'POST /v1/messages 503', 'POST /v1/messages 503'],
  },
  {
    relay: 'never answers (timeout)',
    answers: ['hang'],
    delivery: 'failed',
    error: 'TIMEOUT',
    requests: ['POST /v1/messages hang'],
  },
  {
    relay: 'drops the connection',
    answers: ['drop'],
    delivery: 'pending',
    requests: ['POST /v1/messages drop', 'POST /v1/messages drop', 'POST /v1/messages drop'],
  },
];

/** The models as widget.ts wires them, minus the UI and the stream. */
function visitorOn(transport: Transport) {
  const store = createMemoryStore();
  const errors: string[] = [];
  const session = createSession(transport, store, () => ({}), () => undefined);
  const conversation = createConversation({
    store,
    transport,
    withToken: tokenCaller(session),
    limits: session.limits,
    isOnline: () => true,
    activate: () => undefined,
    page: () => ({ url: 'https://shop.example/cart', title: 'Cart' }),
    onError: (error) => errors.push((error as { code?: string }).code ?? String(error)),
  });
  return { session, conversation, errors };
}

/** The state the last message settles in once its send (in progress now, or the next one) is over. */
function settled(conversation: Conversation): Promise<DeliveryState | undefined> {
  return new Promise((resolve) => {
    let sending = false;
    const stop = effect(() => {
      const delivery = conversation.items.value.at(-1)?.delivery;
      if (delivery === 'sending') sending = true;
      else if (sending) queueMicrotask(() => (stop(), resolve(delivery)));
    });
  });
}

describe.each(TRANSPORTS)('a message sent through $name while the relay', ({ connect }) => {
  it.each(CASES)('$relay: ends $delivery', async ({ answers, delivery, error, requests }) => {
    const relay = createScriptedRelay();
    const { session, conversation, errors } = visitorOn(await connect(relay));
    await session.ensure();
    relay.script(...answers);

    expect(conversation.send('Is my order on its way?')).toBe(true);
    const id = conversation.items.value.at(-1)!.id;
    expect(await settled(conversation)).toBe(delivery);
    expect(relay.requests.slice(1)).toEqual(requests);
    expect(errors).toEqual(error ? [error] : []);
    // Stored once when accepted, never otherwise.
    expect(relay.stored.get(id)).toBe(delivery === 'accepted' ? 1 : undefined);
  });

  it('sends a message kept while the relay was unreachable once it answers again, exactly once', async () => {
    const relay = createScriptedRelay();
    const { session, conversation } = visitorOn(await connect(relay));
    await session.ensure();
    relay.script('drop');
    conversation.send('Hello from the train');
    const id = conversation.items.value.at(-1)!.id;
    expect(await settled(conversation)).toBe('pending');

    relay.script('accept');
    const again = settled(conversation);
    conversation.flush();
    expect(await again).toBe('accepted');
    expect(relay.stored.get(id)).toBe(1);
  });
});

interface SessionCase {
  relay: string;
  answers: SessionAnswer[];
  /** A new visitor (no token): what the widget is told, and the requests. Never repeated. */
  newVisitor: { outcome: string; requests: string[] };
  /** A returning visitor (a token): repeated by the same rule as a message. */
  resume: { outcome: string; requests: string[] };
}

const SESSION_CASES: SessionCase[] = [
  {
    relay: 'answers 503 once',
    answers: [{ status: 503, retryAfterS: 0 }, 'ok'],
    newVisitor: { outcome: 'SERVER', requests: ['POST /v1/sessions 503'] },
    resume: { outcome: 'ok', requests: ['POST /v1/sessions (resume) 503', 'POST /v1/sessions (resume) 200'] },
  },
  {
    relay: 'answers 429 with Retry-After once',
    answers: [{ status: 429, retryAfterS: 1 }, 'ok'],
    newVisitor: { outcome: 'RATE_LIMITED', requests: ['POST /v1/sessions 429'] },
    resume: { outcome: 'ok', requests: ['POST /v1/sessions (resume) 429', 'POST /v1/sessions (resume) 200'] },
  },
  {
    relay: 'drops the connection once',
    answers: ['drop', 'ok'],
    newVisitor: { outcome: 'NETWORK', requests: ['POST /v1/sessions drop'] },
    resume: { outcome: 'ok', requests: ['POST /v1/sessions (resume) drop', 'POST /v1/sessions (resume) 200'] },
  },
  {
    relay: 'never answers (timeout)',
    answers: ['hang'],
    newVisitor: { outcome: 'TIMEOUT', requests: ['POST /v1/sessions hang'] },
    resume: { outcome: 'TIMEOUT', requests: ['POST /v1/sessions (resume) hang'] },
  },
];

// POST /v1/sessions without a token makes a new visitor each time: a repeat after a lost answer
// would leave one behind, so only a resume (idempotent: the same visitor) is ever repeated.
describe.each(TRANSPORTS)('a session started through $name while the relay', ({ connect }) => {
  it.each(SESSION_CASES)('$relay: a new visitor is asked once, a resume by the repeat rule', async ({ answers, newVisitor, resume }) => {
    const relay = createScriptedRelay();
    const transport = await connect(relay);
    const outcome = (call: Promise<unknown>) => call.then(() => 'ok', (error: unknown) => (error as { code?: string }).code ?? String(error));

    relay.scriptSessions(...answers);
    expect(await outcome(transport.startSession({}))).toBe(newVisitor.outcome);
    expect(relay.requests.splice(0)).toEqual(newVisitor.requests);

    relay.scriptSessions(...answers);
    expect(await outcome(transport.startSession({}, 'token-old'))).toBe(resume.outcome);
    expect(relay.requests.splice(0)).toEqual(resume.requests);
  });
});
