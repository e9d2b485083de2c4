import { waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../widget/util/storage';
import { createFakeTransport, makeWidget } from './fakes';

const goOffline = () => window.dispatchEvent(new Event('offline'));
const goOnline = () => window.dispatchEvent(new Event('online'));
const disposers: (() => void)[] = [];
afterEach(() => {
  goOnline();
  disposers.splice(0).forEach((d) => d());
});

function widgetOn(store = createMemoryStore(), relay = createFakeTransport()) {
  const made = makeWidget({ store, relay });
  made.widget.start();
  disposers.push(() => made.widget.dispose());
  return made;
}

describe('outbox', () => {
  it('starts over from an outbox and history a patched page once stored as text, and sends', async () => {
    const store = createMemoryStore();
    // What Prototype.js's Array#toJSON made of them: lists written as strings.
    store.set('outbox', '[[object Object]]');
    store.set('history', { items: '[[object Object], [object Object]]', lastSeq: '7' });
    const { widget, relay } = widgetOn(store);
    widget.panel.open();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    expect(widget.conversation.items.value).toEqual([]);
    widget.conversation.send('After the broken storage');
    await waitFor(() => expect(relay.sent).toHaveLength(1));
    await waitFor(() => expect(widget.conversation.items.value.at(-1)?.delivery).toBe('accepted'));
    expect(store.get('outbox')).toBeNull();
  });

  it('keeps a message typed offline as pending and sends it once when the network returns', async () => {
    const { widget, relay, store } = widgetOn();
    widget.panel.open();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    goOffline();
    widget.conversation.send('Typed on the train');
    expect(widget.conversation.items.value.at(-1)).toMatchObject({ text: 'Typed on the train', delivery: 'pending' });
    expect(store.get<unknown[]>('outbox')).toHaveLength(1);
    expect(relay.transport.sendMessage).not.toHaveBeenCalled();

    goOnline();
    await waitFor(() => expect(relay.sent).toHaveLength(1));
    relay.stream.onState('open'); // the stream reconnecting flushes too: nothing goes twice
    goOnline();
    await waitFor(() => expect(widget.conversation.items.value.at(-1)?.delivery).toBe('accepted'));
    expect(relay.transport.sendMessage).toHaveBeenCalledOnce();
    expect(store.get('outbox')).toBeNull();
  });

  it('resends a pending message after a reload exactly once, with the same id', async () => {
    const store = createMemoryStore(); // stands in for localStorage across the reload
    const relay = createFakeTransport();
    const first = widgetOn(store, relay);
    first.widget.panel.open();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    goOffline();
    const writtenOn = { url: window.location.href, title: document.title };
    first.widget.conversation.send('Sent before the reload');
    const id = first.widget.conversation.items.value.at(-1)!.id;
    first.widget.dispose();
    window.history.pushState({}, '', '/somewhere-else');
    goOnline();

    const second = widgetOn(store, relay);
    expect(second.widget.conversation.items.value.at(-1)).toMatchObject({ id, delivery: 'pending' });
    await waitFor(() => expect(relay.streams).toHaveLength(2));
    relay.stream.onState('open');
    relay.stream.onState('reconnecting');
    relay.stream.onState('open');
    // With the page it was written on, whichever page sends it in the end.
    await waitFor(() => expect(relay.sent).toEqual([{ id, text: 'Sent before the reload', page: writtenOn }]));
    await waitFor(() => expect(second.widget.conversation.items.value.at(-1)?.delivery).toBe('accepted'));
    expect(relay.transport.sendMessage).toHaveBeenCalledOnce();
    window.history.pushState({}, '', writtenOn.url);
  });

  it('keeps history and the open state across a reload', async () => {
    const store = createMemoryStore();
    const relay = createFakeTransport();
    const first = widgetOn(store, relay);
    first.widget.panel.open();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    relay.agentSays('Welcome back any time');
    first.widget.dispose();

    const second = widgetOn(store, relay);
    expect(second.widget.panel.isOpen.value).toBe(true);
    expect(second.widget.conversation.items.value.map((i) => i.text)).toEqual(['Welcome back any time']);
    await waitFor(() => expect(relay.streams).toHaveLength(2));
    expect(relay.stream.after()).toBe(1); // the stream resumes after what is already shown
  });

  it('starts a new visitor and drops old history when the relay no longer knows the token', async () => {
    const store = createMemoryStore();
    store.set('session', { token: 'stale', visitorId: 'visitor-0' });
    store.set('history', { items: [{ id: 'x', from: 'agent', text: 'old', createdAt: new Date().toISOString(), seq: 4 }], lastSeq: 4 });
    const { widget, relay } = widgetOn(store);
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    expect(widget.conversation.items.value).toEqual([]);
    expect(relay.stream.after()).toBe(0);
  });
});
