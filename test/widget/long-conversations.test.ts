// Long conversations: a browser far behind opens at the newest entries instead of replaying the
// whole mailbox, the newest HISTORY_LIMIT items are kept in storage, and older pages join at the
// top (GET /v1/messages?before=) until the first entry is in.
import { waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MailboxEntry, MessagesQuery } from '../../protocol/relay-api';
import { createHistory, HISTORY_LIMIT, OPEN_WINDOW } from '../../widget/state/history';
import { createOlder, OLDER_PAGE } from '../../widget/state/older';
import { createMemoryStore } from '../../widget/util/storage';
import { signal } from '@preact/signals';
import { createFakeTransport, makeWidget } from './fakes';

const agent = (seq: number): MailboxEntry => ({ seq, type: 'message', message: { id: `m${seq}`, from: 'agent', text: `reply ${seq}`, createdAt: new Date(2026, 0, 1, 0, 0, seq).toISOString() } });
const mine = (seq: number): MailboxEntry => ({ seq, type: 'message', message: { id: `v${seq}`, from: 'visitor', text: `question ${seq}`, createdAt: new Date(2026, 0, 1, 0, 0, seq).toISOString(), status: 'accepted' } });
const delivered = (seq: number, id: string): MailboxEntry => ({ seq, type: 'status', id, status: 'delivered' });

afterEach(() => vi.restoreAllMocks());

describe('opening a long conversation', () => {
  it('starts the stream at the newest entries when the browser is far behind, keeping unsent messages', () => {
    const history = createHistory(createMemoryStore());
    for (let s = 1; s <= 3; s++) history.apply(agent(s));
    history.upsert({ id: 'local', from: 'visitor', text: 'typed offline', createdAt: new Date().toISOString(), delivery: 'pending' });
    expect(history.startAfter(3 + OPEN_WINDOW)).toBe(3); // close enough: replays what it lacks
    expect(history.startAfter(5000)).toBe(5000 - OPEN_WINDOW);
    expect(history.items.value.map((i) => i.id)).toEqual(['local']);
    expect(history.startAfter(5000)).toBe(5000 - OPEN_WINDOW);
  });

  it('asks the stream for the newest entries only, in the widget', async () => {
    const relay = createFakeTransport();
    for (let s = 1; s <= 5000; s++) relay.hold(agent(s));
    const { widget } = makeWidget({ relay });
    widget.start();
    widget.panel.open();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    expect(relay.stream.after()).toBe(5000 - OPEN_WINDOW);
  });

  it('keeps the newest items in storage, however many are loaded', () => {
    const store = createMemoryStore();
    const history = createHistory(store);
    history.prepend(Array.from({ length: 300 }, (_, i) => agent(i + 1)));
    history.apply(agent(301));
    expect(history.items.value).toHaveLength(301);
    const saved = store.get<{ items: { id: string }[] }>('history')!.items;
    expect(saved).toHaveLength(HISTORY_LIMIT);
    expect(saved.at(-1)!.id).toBe('m301');
  });
});

describe('older history', () => {
  function older(entries: MailboxEntry[]) {
    const history = createHistory(createMemoryStore());
    const listMessages = vi.fn(async (_token: string, q: MessagesQuery) => ({ messages: entries.filter((e) => e.seq < q.before!).slice(-q.limit!), lastSeq: entries.length }));
    const model = createOlder({
      conversation: history,
      panel: { isOpen: signal(true) },
      listMessages,
      withToken: (call) => call('token'),
      onError: vi.fn(),
    });
    return { history, model, listMessages };
  }

  it('puts each page before what is held, in order, with the statuses on its messages, until the first entry', async () => {
    const all: MailboxEntry[] = [];
    for (let s = 1; s <= 2 * OLDER_PAGE + 50; s += 2) all.push(mine(s), delivered(s + 1, `v${s}`));
    const { history, model, listMessages } = older(all);
    all.slice(-20).forEach(history.apply);
    await model.load();
    expect(listMessages).toHaveBeenLastCalledWith('token', { before: all.at(-20)!.seq, limit: OLDER_PAGE });
    expect(model.state.value).toBe('idle');
    await model.load();
    await model.load();
    expect(model.state.value).toBe('done');
    const items = history.items.value;
    expect(items.map((i) => i.id)).toEqual(all.filter((e) => e.type === 'message').map((e) => (e as { message: { id: string } }).message.id));
    expect(items.every((i) => i.delivery === 'delivered')).toBe(true);
    await model.load();
    expect(listMessages).toHaveBeenCalledTimes(3);
  });

  it('says so when a page cannot be fetched, and tries again', async () => {
    const { history, model, listMessages } = older([agent(1), agent(2), agent(3)]);
    history.apply(agent(3));
    listMessages.mockRejectedValueOnce(new Error('offline'));
    await model.load();
    expect(model.state.value).toBe('failed');
    await model.load();
    expect(model.state.value).toBe('done');
    expect(history.items.value.map((i) => i.id)).toEqual(['m1', 'm2', 'm3']);
  });
});
