// The proactive greeting (data-greeting-delay): a bubble beside the launcher once the delay,
// counted from the page load, is over; once per visit; dismissible; gone when the chat opens;
// and nothing asked of the relay for it.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGreeting } from '../../widget/state/greeting';
import { App } from '../../widget/ui/App';
import type { LoadChunk } from '../../widget/plugins/types';
import { failOnError, loadChunkFromSource, makeWidget } from './fakes';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  vi.useRealTimers();
});

/** A page that loaded `sinceLoad` ms ago, with its own timers and session storage. */
function page(sinceLoad: number) {
  vi.useFakeTimers();
  return Object.assign(Object.create(window) as Window, {
    performance: { now: () => sinceLoad },
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: number) => clearTimeout(id),
    sessionStorage: window.sessionStorage,
  });
}

describe('the greeting model', () => {
  it('shows once the delay since the page loaded is over, and once per visit', () => {
    const panel = { isOpen: signal(false) };
    const first = createGreeting({ win: page(2_000), panel, delaySeconds: 5, remember: true });
    vi.advanceTimersByTime(2_999);
    expect(first.visible.value).toBe(false);
    vi.advanceTimersByTime(1);
    expect(first.visible.value).toBe(true);
    first.dismiss();
    expect(first.visible.value).toBe(false);
    const next = createGreeting({ win: page(9_000), panel, delaySeconds: 5, remember: true });
    vi.advanceTimersByTime(60_000);
    expect(next.visible.value).toBe(false);
  });

  it('never shows once the visitor has opened the chat, nor for a delay that is not a number of seconds', () => {
    const panel = { isOpen: signal(false) };
    const greeting = createGreeting({ win: page(0), panel, delaySeconds: 3, remember: false });
    panel.isOpen.value = true;
    vi.advanceTimersByTime(10_000);
    expect(greeting.visible.value).toBe(false);
    for (const delay of [NaN, -1, 3601]) {
      const g = createGreeting({ win: page(0), panel: { isOpen: signal(false) }, delaySeconds: delay, remember: false });
      vi.advanceTimersByTime(4_000_000);
      expect(g.visible.value).toBe(false);
    }
  });

  it('keeps nothing in storage with data-storage="memory" (so once per page)', () => {
    const greeting = createGreeting({ win: page(0), panel: { isOpen: signal(false) }, delaySeconds: 0, remember: false });
    vi.advanceTimersByTime(1);
    expect(greeting.visible.value).toBe(true);
    expect(sessionStorage.length).toBe(0);
  });
});

describe('the greeting bubble', () => {
  function setup(data: Record<string, string>, loadChunk?: LoadChunk) {
    const made = makeWidget({ options: { data, greeting: 'Need help choosing a size?', storage: 'session' }, ...(loadChunk ? { loadChunk } : {}) });
    made.widget.start();
    render(<App widget={made.widget} onError={failOnError} />);
    return made;
  }

  it('says the greeting beside the launcher, opens the chat when clicked, and asks nothing of the relay', async () => {
    const { widget, relay } = setup({ greetingDelay: '0' });
    const bubble = await screen.findByRole('button', { name: 'Need help choosing a size?' });
    expect(screen.getByRole('status').textContent).toContain('Need help choosing a size?');
    expect(relay.transport.startSession).not.toHaveBeenCalled();
    expect(relay.transport.availability).not.toHaveBeenCalled();
    fireEvent.click(bubble);
    expect(widget.panel.isOpen.value).toBe(true);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Need help choosing a size?' })).toBeNull());
  });

  it('goes away when dismissed, and stays away for the rest of the visit', async () => {
    setup({ greetingDelay: '0' });
    fireEvent.click(await screen.findByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Need help choosing a size?' })).toBeNull());
    cleanup();
    // Fake timers: the greeting's own delay (0 s) runs to the end before the check.
    vi.useFakeTimers();
    const { widget } = setup({ greetingDelay: '0' });
    await widget.plugins.use('greeting');
    await vi.runAllTimersAsync();
    expect(widget.plugins.inSlot('launcher')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Need help choosing a size?' })).toBeNull();
  });

  it('is not fetched at all without data-greeting-delay', async () => {
    const loadChunk = vi.fn(loadChunkFromSource) as unknown as LoadChunk & { mock: { calls: [string][] } };
    vi.useFakeTimers();
    const { widget } = setup({}, loadChunk);
    await vi.runAllTimersAsync();
    expect(loadChunk.mock.calls.map(([name]) => name)).not.toContain('greeting');
    expect(widget.plugins.inSlot('launcher')).toEqual([]);
  });
});
