// A single-page site: the address changes by pushState, replaceState, a hash, and back/forward
// (popstate) without a reload, and each message's Kit event carries the page it was written on.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { useE2e } from '../helpers/e2e-browser';
import { kitReceived, openWidget, sendMessage, visit } from '../helpers/e2e-widget';

const APP = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop · Home</title>
  <script src="%RELAY_URL%/widget.js" async></script></head>
  <body><h1 id="view">Home</h1></body></html>`;

/** What a router does: a new address, then the new view's title a moment later. */
function navigate(page: Page, how: 'push' | 'replace' | 'hash' | 'back' | 'forward', target: string, title: string) {
  return page.evaluate(
    ([how, target, title]) =>
      new Promise<void>((resolve) => {
        const settle = () => setTimeout(() => ((document.title = title), resolve()), 30);
        if (how === 'push') history.pushState({}, '', target);
        else if (how === 'replace') history.replaceState({}, '', target);
        else if (how === 'hash') location.hash = target;
        else {
          addEventListener('popstate', settle, { once: true });
          return how === 'back' ? history.back() : history.forward();
        }
        settle();
      }),
    [how, target, title] as const,
  );
}

describe.skipIf(!browserAvailable())('single-page sites', () => {
  const e2e = useE2e();

  it('sends each message with the address and title it was written on', async () => {
    const { page } = await e2e.newPage();
    const url = e2e.stack.pages.add('/spa/', APP);
    await visit(page, url);
    await openWidget(page);
    const base = new URL(url).origin;
    const steps = [
      ['push', '/spa/shoes', 'Shop · Shoes'],
      ['replace', '/spa/shoes?size=42', 'Shop · Shoes, size 42'],
      ['hash', 'reviews', 'Shop · Reviews'],
      ['push', '/spa/cart', 'Shop · Cart'],
      ['back', '', 'Shop · Reviews again'],
      ['forward', '', 'Shop · Cart again'],
    ] as const;
    const expected = ['/spa/shoes', '/spa/shoes?size=42', '/spa/shoes?size=42#reviews', '/spa/cart', '/spa/shoes?size=42#reviews', '/spa/cart'];
    let visitorId = '';
    for (const [i, [how, target, title]] of steps.entries()) {
      await navigate(page, how, target, title);
      const text = `Question ${i + 1}`;
      await sendMessage(page, text);
      visitorId = await kitReceived(e2e.stack.sim, text);
      // Kit keeps the client data of the latest event: this message's page.
      expect(e2e.stack.sim.conversation(visitorId)!.client.page).toEqual({ url: `${base}${expected[i]}`, title });
    }
    // Never a reload: one session for all of it.
    expect(new Set(e2e.stack.sim.conversations().filter((c) => c.clientId === visitorId).map((c) => c.id)).size).toBe(1);
  });
});
