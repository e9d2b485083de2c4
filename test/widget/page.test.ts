// Single-page sites: each message carries the page it was written on, whatever moved the
// address since the widget started: pushState, replaceState, back (popstate) or a hash change.
import { waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWidget } from './fakes';

const start = window.location.href;
afterEach(() => window.history.replaceState({}, '', start));

describe('the page of each message', () => {
  it('follows pushState, replaceState and hash changes, with the title of the moment (back and forward: test/e2e/single-page.test.ts)', async () => {
    const { widget, relay } = makeWidget();
    widget.start();
    const steps: [string, () => void][] = [
      ['/shop/shoes', () => window.history.pushState({}, '', '/shop/shoes')],
      ['/shop/shoes?size=42', () => window.history.replaceState({}, '', '/shop/shoes?size=42')],
      ['/shop/shoes?size=42#reviews', () => (window.location.hash = 'reviews')],
      ['/cart', () => window.history.pushState({}, '', '/cart')],
    ];
    for (const [path, go] of steps) {
      go();
      document.title = `Shop ${path}`;
      widget.conversation.send(`on ${path}`);
    }
    await waitFor(() => expect(relay.sent).toHaveLength(steps.length));
    expect(relay.sent.map((m) => [new URL(m.page!.url!).pathname + new URL(m.page!.url!).search + new URL(m.page!.url!).hash, m.page!.title])).toEqual(
      steps.map(([path]) => [path, `Shop ${path}`]),
    );
  });
});
