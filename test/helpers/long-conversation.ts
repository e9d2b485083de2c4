// A visitor with a long conversation already on the relay, for the browser test and the
// benchmark of long conversations: entries written straight into the relay's store (a question,
// its delivered status and an answer, over and over), and the browser storage that makes a page
// resume that visitor with the panel open.
import type { Page } from 'playwright-core';
import type { NewMailboxEntry } from '../../relay/store/types';
import type { E2eStack } from './e2e-stack';

export interface LongConversation {
  visitorId: string;
  token: string;
  /** The text of the entry with this number (1-based, questions and answers only). */
  textOf(n: number): string;
  newest: string;
}

/** Seeds `entries` mailbox entries (about two thirds of them messages) for a new visitor. */
export async function seedConversation(stack: E2eStack, entries: number, origin: string): Promise<LongConversation> {
  const res = await fetch(`${stack.relay.url}/v1/sessions`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' });
  const { visitorId, token } = (await res.json()) as { visitorId: string; token: string };
  const start = Date.now() - entries * 60_000;
  const textOf = (n: number) => `${n % 2 ? 'Question' : 'Answer'} number ${n}: ${'about the order and its delivery '.repeat(1 + (n % 3))}`.trim();
  let n = 0;
  let newest = '';
  for (let seq = 1; seq <= entries; seq++) {
    const at = new Date(start + seq * 60_000).toISOString();
    let entry: NewMailboxEntry;
    if (seq % 3 === 1) entry = { type: 'message', message: { id: `q${seq}`, from: 'visitor', text: (newest = textOf(++n)), createdAt: at, status: 'accepted' } };
    else if (seq % 3 === 2) entry = { type: 'status', id: `q${seq - 1}`, status: 'delivered' };
    else entry = { type: 'message', message: { id: `a${seq}`, from: 'agent', text: (newest = textOf(++n)), createdAt: at, sender: { name: 'Anna Petrova' } } };
    await stack.relay.store.append(visitorId, entry);
  }
  return { visitorId, token, textOf, newest };
}

/** Makes the page resume the seeded visitor with the panel open, as the next page of a visit on a desktop does. */
export async function resumeIn(page: Page, conversation: LongConversation): Promise<void> {
  await page.addInitScript(({ token, visitorId }) => {
    if (localStorage.getItem('kitchat:session')) return;
    localStorage.setItem('kitchat:session', JSON.stringify({ token, visitorId }));
    localStorage.setItem('kitchat:ui', JSON.stringify({ open: true, readSeq: 0, at: Date.now() }));
  }, conversation);
}
