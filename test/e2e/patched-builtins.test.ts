// A page whose scripts tamper with JavaScript's built-ins, as many real sites still do:
// Prototype.js's Array#toJSON (so JSON.stringify([1]) is a string), an enumerable property on
// Object.prototype, and an analytics wrapper around fetch. The widget's storage and its request
// bodies must stay what they would be on a clean page, and nothing may be thrown into the page.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { attachFiles, composer, drafts, kitReceived, log, openWidget, sendMessage, visit } from '../helpers/e2e-widget';
import { png } from '../helpers/png';

// The patches run before the widget's script tag, the way a site's old libraries load first.
const PATCHES = `<script>
  // Prototype.js 1.6: arrays and strings serialize themselves, into strings.
  Array.prototype.toJSON = function () {
    var parts = [];
    for (var i = 0; i < this.length; i++) parts.push(String(this[i]));
    return '[' + parts.join(', ') + ']';
  };
  String.prototype.toJSON = function () { return '"' + this + '"'; };
  Date.prototype.toJSON = function () { return 'a date'; };
  // Enumerable additions to every object.
  Object.prototype.extendWith = function (other) { for (var k in other) this[k] = other[k]; return this; };
  Object.prototype.libVersion = '1.0';
  // An analytics wrapper around fetch that counts requests.
  var originalFetch = window.fetch;
  window.__wrappedFetches = 0;
  window.fetch = function (input, init) { window.__wrappedFetches++; return originalFetch.apply(this, arguments); };
</script>`;

const page = (relayScript: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Legacy shop</title>${PATCHES}${relayScript}</head>
<body><h1>A shop on an old stack</h1></body></html>`;

interface Stored {
  outbox: unknown;
  history: unknown;
}

/** The widget's storage, read with the page's own (unpatched) JSON.parse. */
const stored = (p: Page): Promise<Stored> =>
  p.evaluate(() => {
    const read = (key: string) => {
      const raw = localStorage.getItem(`kitchat:${key}`);
      return raw === null ? null : (JSON.parse(raw) as unknown);
    };
    return { outbox: read('outbox'), history: read('history') };
  });

describe.skipIf(!browserAvailable())('the widget on a page that patches built-ins', () => {
  const e2e = useE2e();

  it('sends text and an attachment, keeps history and outbox across reloads, and throws nothing into the page', async () => {
    const { stack } = e2e;
    const url = stack.pages.add('/legacy.html', page('<script src="%RELAY_URL%/widget.js" async></script>'));
    const { page: p, context } = await e2e.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    // Console errors too, but not the browser's own lines for requests the test cuts off.
    p.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(`console: ${m.text()}`));
    await visit(p, url);
    // The patches really are in force on this page.
    expect(await p.evaluate(() => JSON.stringify([1, 2]))).toBe('"[1, 2]"');

    await openWidget(p);
    await attachFiles(p, [{ name: 'old-receipt.png', mimeType: 'image/png', buffer: png(24, 24, [30, 120, 200]) }]);
    await drafts(p).locator('.kc-draft--done').getByText('old-receipt.png').waitFor();
    await sendMessage(p, 'Sent from the legacy shop');
    const visitorId = await kitReceived(stack.sim, 'Sent from the legacy shop');
    const kitMessage = stack.sim.conversation(visitorId)!.messages.find((m) => m.text === 'Sent from the legacy shop')!;
    // The relay refuses an attachment list sent as a string: Kit having the picture proves the body.
    expect(kitMessage.payload).toHaveLength(1);
    expect(kitMessage.payload[0]).toMatchObject({ type: 'photo', file_name: 'old-receipt.png' });
    expect(await p.evaluate(() => (window as unknown as { __wrappedFetches: number }).__wrappedFetches)).toBeGreaterThan(0);

    await stack.sim.reply(visitorId, { text: 'Answered on the old stack' });
    await log(p).getByText('Answered on the old stack', { exact: true }).waitFor();
    const afterSend = await stored(p);
    expect(afterSend.history).toMatchObject({ items: expect.any(Array), lastSeq: expect.any(Number) });

    // A message typed while the relay is out of reach waits in the stored outbox, as a list.
    await context.route(`${stack.relay.url}/v1/**`, (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
    await composer(p).fill('Typed while the shop was offline');
    await composer(p).press('Enter');
    await log(p).getByText('Typed while the shop was offline', { exact: true }).waitFor();
    const offline = await stored(p);
    expect(Array.isArray(offline.outbox)).toBe(true);
    expect(offline.outbox).toMatchObject([{ text: 'Typed while the shop was offline' }]);

    await context.setOffline(false);
    await p.reload(); // the panel was open, so it opens again with the stored history
    for (const text of ['Sent from the legacy shop', 'Answered on the old stack', 'Typed while the shop was offline']) {
      await log(p).getByText(text, { exact: true }).waitFor();
    }
    expect(await log(p).locator('img').count()).toBeGreaterThan(0);
    expect((await stored(p)).outbox).toMatchObject([{ text: 'Typed while the shop was offline' }]);

    await context.unroute(`${stack.relay.url}/v1/**`);
    await kitReceived(stack.sim, 'Typed while the shop was offline');
    await expect.poll(async () => (await stored(p)).outbox).toBeNull();
    await shoot(p, 'patched-builtins');
    expect(errors).toEqual([]);
  });
});
