// The open panel on the visitor's next page: it reopens by itself only on a desktop-sized screen
// and within the same visit; on a phone the page stays in view and new replies go to the badge.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../widget/ui/App';
import { createMemoryStore } from '../../widget/util/storage';
import { createFakeTransport, makeWidget } from './fakes';

type Viewport = { width: number; height: number };
const setViewport = (size: Viewport) => (window as unknown as { happyDOM: { setViewport(v: Viewport): void } }).happyDOM.setViewport(size);

/** One page of the site: a widget over the storage and relay the pages share. */
function page(shared: { store: ReturnType<typeof createMemoryStore>; relay: ReturnType<typeof createFakeTransport> }) {
  cleanup();
  const made = makeWidget(shared);
  made.widget.start();
  render(<App widget={made.widget} onError={() => {}} />);
  return made;
}

/** The first page: the visitor opens the chat and writes, so a session is stored. */
async function chatOnFirstPage() {
  const shared = { store: createMemoryStore(), relay: createFakeTransport() };
  page(shared);
  fireEvent.click(screen.getByRole('button', { name: 'Open chat' }));
  const box = await screen.findByRole('textbox', { name: 'Message' });
  fireEvent.input(box, { target: { value: 'Do you ship to Norway?' } });
  fireEvent.keyDown(box, { key: 'Enter' });
  await screen.findByText('Sent');
  return shared;
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  setViewport({ width: 1024, height: 768 });
});

describe('the open panel on the next page', () => {
  it('reopens on a desktop-sized screen within the same visit', async () => {
    const shared = await chatOnFirstPage();
    page(shared);
    expect((await screen.findByRole('dialog', { name: 'Acme Support' })).hidden).toBe(false);
    expect(screen.getByRole('button', { name: 'Close chat', expanded: true })).toBeTruthy();
  });

  it('stays closed on a phone, and a new reply shows on the badge', async () => {
    setViewport({ width: 390, height: 844 });
    const shared = await chatOnFirstPage();
    page(shared);
    const launcher = screen.getByRole('button', { name: 'Open chat' });
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    await waitFor(() => expect(shared.relay.streams).toHaveLength(2));
    shared.relay.agentSays('Yes, in 3 to 5 days.');
    expect(await screen.findByRole('button', { name: 'Open chat, 1 unread message' })).toBeTruthy();
    expect(screen.getByRole('dialog', { hidden: true }).hidden).toBe(true);
  });

  it('stays closed on a page opened after the visit is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const shared = await chatOnFirstPage();
    vi.setSystemTime(Date.now() + 31 * 60_000);
    page(shared);
    expect(screen.getByRole('button', { name: 'Open chat' }).getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByRole('dialog', { hidden: true }).hidden).toBe(true);
  });
});
