// The proactive greeting (data-greeting-delay): a bubble beside the launcher after the delay,
// once per visit, dismissible, without a single call to the relay's API or a session.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { composer, panel, visit } from '../helpers/e2e-widget';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Northwind Coffee: gift boxes</title>
  <link rel="stylesheet" href="/site.css">
  <script src="%RELAY_URL%/widget.js" async data-title="Northwind Coffee" data-accent="#7a4b2a"
    data-greeting="Looking for a gift? We can help you pick beans they will love." data-greeting-delay="1"></script></head>
  <body><main><h1>Gift boxes</h1><p>Three coffees, a card, and a ribbon.</p></main></body></html>`;

const GREETING = 'Looking for a gift? We can help you pick beans they will love.';

function relayCalls(page: Page, relayUrl: string): string[] {
  const paths: string[] = [];
  page.on('request', (request) => request.url().startsWith(relayUrl) && paths.push(new URL(request.url()).pathname));
  return paths;
}

describe.skipIf(!browserAvailable())('proactive greeting', () => {
  const e2e = useE2e();

  it('shows the greeting beside the launcher after the delay, without a call to the relay\'s API, once per visit', async () => {
    const { page } = await e2e.newPage();
    const url = e2e.stack.pages.add('/gifts.html', PAGE);
    const calls = relayCalls(page, e2e.stack.relay.url);
    const loadedAt = Date.now();
    await visit(page, url);
    const bubble = page.getByRole('button', { name: GREETING });
    await bubble.waitFor();
    expect(Date.now() - loadedAt).toBeGreaterThanOrEqual(1000);
    // Beside the launcher, above it, on the same side.
    const [b, l] = [(await bubble.boundingBox())!, (await page.locator('#kitchat-widget .kc-launcher').boundingBox())!];
    expect(b.y + b.height).toBeLessThanOrEqual(l.y);
    expect(Math.abs(b.x + b.width + 4 - (l.x + l.width))).toBeLessThan(40);
    await shoot(page, 'greeting-bubble');
    // Widget code only (loader, app, the greeting's part): no session, no API call.
    expect(calls.filter((p) => !/^\/widget(\.js|\/[\w-]+\.js)$/.test(p))).toEqual([]);
    expect(await page.evaluate(() => ({ ...localStorage }))).toEqual({});
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual(['kitchat:greeted']);

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await bubble.waitFor({ state: 'detached' });
    await page.reload();
    await page.waitForTimeout(2000);
    expect(await bubble.count()).toBe(0);
  });

  it('opens the chat when the visitor clicks it', async () => {
    const { page } = await e2e.newPage();
    await visit(page, e2e.stack.pages.add('/gifts-2.html', PAGE));
    await page.getByRole('button', { name: GREETING }).click();
    await composer(page).waitFor();
    expect(await panel(page).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: GREETING }).count()).toBe(0);
  });
});
