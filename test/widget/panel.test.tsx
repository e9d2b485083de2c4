import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../widget/transport/errors';
import { App } from '../../widget/ui/App';
import { expectWidgetError, failOnError, makeWidget } from './fakes';

function setup(...args: Parameters<typeof makeWidget>) {
  const made = makeWidget(...args);
  made.widget.start();
  render(<App widget={made.widget} onError={failOnError} />);
  return made;
}

async function openPanel() {
  fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
  return screen.findByRole('dialog', { name: 'Acme Support' });
}

function type(text: string, init: { shiftKey?: boolean } = {}) {
  const box = screen.getByRole('textbox', { name: 'Message' });
  fireEvent.input(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter', ...init });
  return box as HTMLTextAreaElement;
}

afterEach(() => cleanup());

describe('chat panel', () => {
  it('opens from the launcher with the right ARIA and focuses the composer', async () => {
    setup();
    const launcher = screen.getByRole('button', { name: 'Open chat' });
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    const dialog = await openPanel();
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(launcher.getAttribute('aria-controls')).toBe(dialog.id);
    expect(within(dialog).getByRole('log').getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' })));
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    setup();
    const dialog = await openPanel();
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: 'Escape' });
    await waitFor(() => expect(dialog.hidden).toBe(true));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Open chat' })));
  });

  it('shows a message as sending, then sent once the relay accepts it', async () => {
    const { relay } = setup();
    await openPanel();
    let accept!: () => void;
    relay.transport.sendMessage.mockImplementationOnce(
      (_t, body) => new Promise((resolve) => (accept = () => resolve({ id: body.id, seq: 1, status: 'accepted' }))),
    );
    type('Where is my order?');
    const log = screen.getByRole('log');
    expect(await within(log).findByText('Where is my order?')).toBeTruthy();
    expect(await within(log).findByText('Sending…')).toBeTruthy();
    accept();
    expect(await within(log).findByText('Sent')).toBeTruthy();
    relay.push({ type: 'status', id: relay.transport.sendMessage.mock.calls[0]![1].id, status: 'delivered' });
    expect(await within(log).findByText('Delivered')).toBeTruthy();
  });

  it('marks a failed send and sends it again, under the same id, on Retry', async () => {
    const { relay } = setup();
    await openPanel();
    expectWidgetError('SERVER'); // the failed send is reported as an error event
    relay.failSends(new TransportError('SERVER', 503));
    type('Hello?');
    const retry = await screen.findByRole('button', { name: 'Retry' });
    expect(screen.getByText('Not sent')).toBeTruthy();
    relay.failSends(null);
    fireEvent.click(retry);
    expect(await screen.findByText('Sent')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    const ids = relay.transport.sendMessage.mock.calls.map((c) => c[1].id);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it('Enter sends and Shift+Enter keeps writing on a new line', async () => {
    const { relay } = setup();
    await openPanel();
    const box = type('first line', { shiftKey: true });
    expect(relay.transport.sendMessage).not.toHaveBeenCalled();
    expect(box.value).toBe('first line');
    type('first line\nsecond line');
    await waitFor(() => expect(relay.sent.map((m) => m.text)).toEqual(['first line\nsecond line']));
    await waitFor(() => expect(box.value).toBe(''));
  });

  it('shows the characters left near the limit and refuses to send past it', async () => {
    const { relay } = setup(); // the fake relay's limit is 100 characters
    await openPanel();
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.input(box, { target: { value: 'a'.repeat(50) } });
    expect(screen.queryByText(/characters left/)).toBeNull();
    fireEvent.input(box, { target: { value: 'a'.repeat(95) } });
    expect(await screen.findByText('5 characters left')).toBeTruthy();
    fireEvent.input(box, { target: { value: 'a'.repeat(103) } });
    expect(await screen.findByText('3 characters over the limit')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(relay.transport.sendMessage).not.toHaveBeenCalled();
  });

  it('shows the offline banner when the browser loses the network, apart from the team\'s availability', async () => {
    const { relay } = setup();
    await openPanel();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    expect(await screen.findByText('Online')).toBeTruthy();
    window.dispatchEvent(new Event('offline'));
    expect((await screen.findByRole('status')).textContent).toMatch(/You are offline/);
    // The header speaks of the team (business hours), not of this browser's connection.
    expect(screen.getByText('Online')).toBeTruthy();
    window.dispatchEvent(new Event('online'));
    await waitFor(() => expect(screen.queryByText(/You are offline/)).toBeNull());
  });

  it('shows the reconnecting banner while the stream is down', async () => {
    const { relay } = setup();
    await openPanel();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    relay.stream.onState('open');
    relay.stream.onState('reconnecting');
    expect((await screen.findByRole('status')).textContent).toMatch(/Reconnecting/);
    relay.stream.onState('open');
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
  });

  it.each([
    ['CLOSED_BY_AGENT', 'An operator closed this conversation.'],
    ['CLOSED_BY_BOT', 'The assistant closed this conversation.'],
    ['CLOSED_BY_CLIENT_TIMEOUT', 'This conversation was closed after a period of inactivity.'],
    ['CLOSED_BY_UNKNOWN_REASON', 'This conversation was closed.'],
  ])('says who closed the conversation (%s) and offers to start a new one', async (reason, notice) => {
    const { relay } = setup();
    await openPanel();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    relay.agentSays('Glad to help. Bye!');
    relay.push({ type: 'conversation', state: 'closed', reason });
    expect(await screen.findByText(notice)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Start a new conversation' }));
    expect(await screen.findByText('Conversation closed')).toBeTruthy();
    expect(screen.queryByText(notice)).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' })));
  });

  it('turns the closed notice into a divider once the visitor writes again', async () => {
    const { relay } = setup();
    await openPanel();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    relay.push({ type: 'conversation', state: 'closed', reason: 'CLOSED_BY_AGENT' });
    expect(await screen.findByText('An operator closed this conversation.')).toBeTruthy();
    type('One more question');
    expect(await screen.findByText('Conversation closed')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Start a new conversation' })).toBeNull();
  });

  it('counts unread replies on the launcher badge and tells the host page', async () => {
    const { relay, widget, events } = setup();
    const dialog = await openPanel();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close chat' }));
    relay.agentSays('Are you there?');
    relay.agentSays('We are here when you need us.');
    expect(await screen.findByRole('button', { name: 'Open chat, 2 unread messages' })).toBeTruthy();
    expect(events.filter(([e]) => e === 'unread').map(([, n]) => n)).toEqual([1, 2]);
    expect(events.filter(([e]) => e === 'message')).toHaveLength(2);
    widget.panel.open();
    await waitFor(() => expect(widget.conversation.unread.value).toBe(0));
    expect(events.filter(([e]) => e === 'unread').map(([, n]) => n)).toEqual([1, 2, 0]);
  });

  it('shows the unread count in the tab title while the page is hidden, and restores it', async () => {
    const setVisibility = (state: 'hidden' | 'visible') => {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    document.title = 'Acme Shop';
    const { relay } = setup();
    await openPanel();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    try {
      setVisibility('hidden');
      relay.agentSays('Your order has shipped.');
      await waitFor(() => expect(document.title).toBe('(1) Acme Shop'));
      relay.agentSays('Tracking number to follow.');
      await waitFor(() => expect(document.title).toBe('(2) Acme Shop'));
      setVisibility('visible');
      await waitFor(() => expect(document.title).toBe('Acme Shop'));
    } finally {
      setVisibility('visible');
    }
  });

  it('shows operator names with initials, and times', async () => {
    const { relay } = setup();
    await openPanel();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    relay.agentSays('Hello from support', 'Max Ivanov');
    expect(await screen.findByText('Max Ivanov')).toBeTruthy();
    expect(screen.getByText('MI')).toBeTruthy();
    expect(screen.getAllByText('Today').length).toBe(1);
  });

  it('renders remote markup as text and links only safe URLs', async () => {
    const { relay } = setup();
    await openPanel();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    relay.agentSays('<script>alert(1)</script> <img src=x onerror=alert(2)> javascript:alert(3) see https://example.com/a?b=1.');
    const log = screen.getByRole('log');
    const links = await within(log).findAllByRole('link');
    const bubble = screen.getByText(/<script>alert\(1\)<\/script>/);
    expect(log.querySelector('script, img[src="x"]')).toBeNull();
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://example.com/a?b=1');
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(bubble.textContent).toContain('javascript:alert(3)');
  });

  it('switches between English and Russian', async () => {
    const { widget } = setup();
    expect(screen.getByRole('button', { name: 'Open chat' })).toBeTruthy();
    widget.locale.set('ru-RU');
    expect(await screen.findByRole('button', { name: 'Открыть чат' })).toBeTruthy();
    widget.panel.open();
    expect(await screen.findByRole('textbox', { name: 'Сообщение' })).toBeTruthy();
    widget.locale.set('en');
    expect(await screen.findByRole('textbox', { name: 'Message' })).toBeTruthy();
  });

  it('hides and shows the launcher on request', async () => {
    const { widget } = setup();
    widget.panel.hideLauncher();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Open chat' })).toBeNull());
    widget.panel.showLauncher();
    expect(await screen.findByRole('button', { name: 'Open chat' })).toBeTruthy();
  });
});
