// The KitChat global in a real browser: calls queued by the embed snippet run, a call the API does
// not take is reported once on the console and as an error event, and however far the widget
// loads (the app, a plug-in chunk), the page's globals gain KitChat alone, with nothing on it.
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { useE2e } from '../helpers/e2e-browser';
import { kitReceived, log, openWidget, sendMessage, visit } from '../helpers/e2e-widget';

describe.skipIf(!browserAvailable())('the KitChat global', () => {
  const e2e = useE2e();

  it('reports bad calls once, runs the good ones, and keeps the handshakes off the page', async () => {
    const url = e2e.stack.pages.add('/api.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API page</title>
      <script>
        window.before = Object.getOwnPropertyNames(window);
        window.errors = [];
        window.KitChat = window.KitChat || function () { (KitChat.q = KitChat.q || []).push(arguments); };
        KitChat('on', 'error', function (e) { errors.push(e); });
        KitChat('opne');
        KitChat('send', 42);
        KitChat('identify', { name: 'Ivan Sokolov' });
      </script>
      <script src="%RELAY_URL%/widget.js" async></script></head><body><h1>Shop</h1></body></html>`);
    const { page } = await e2e.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await visit(page, url);
    await openWidget(page);
    await sendMessage(page, 'Do you ship to Kazan?');
    const visitorId = await kitReceived(e2e.stack.sim, 'Do you ship to Kazan?');
    expect(e2e.stack.sim.conversation(visitorId)!.client.client_display_name).toBe('Ivan Sokolov');
    // A reply with a picture brings the attachment viewer chunk too.
    await e2e.stack.sim.reply(visitorId, { text: 'Yes, here is the map.', attachmentUrl: `${e2e.stack.sim.url}/console/agent.svg` });
    await log(page).getByText('Yes, here is the map.', { exact: true }).waitFor();
    await page.locator('#kitchat-widget [role="log"] .kc-att').first().waitFor();

    expect(warnings).toEqual(['KitChat: UNKNOWN_COMMAND opne', 'KitChat: BAD_ARGUMENT send']);
    const seen = await page.evaluate(() => {
      const w = window as unknown as { before: string[]; errors: unknown[]; KitChat: object };
      return {
        errors: w.errors,
        added: Object.getOwnPropertyNames(window).filter((k) => !w.before.includes(k)),
        onKitChat: Object.getOwnPropertyNames(w.KitChat).sort(),
        scripts: document.querySelectorAll('script[src*="/widget/"]').length,
      };
    });
    expect(seen.errors).toEqual([
      { code: 'UNKNOWN_COMMAND', command: 'opne' },
      { code: 'BAD_ARGUMENT', command: 'send' },
    ]);
    expect(seen.added.filter((k) => k !== 'errors' && k !== 'before')).toEqual(['KitChat']); // the page's own two aside
    expect(seen.onKitChat).toEqual(['length', 'name']);
    expect(seen.scripts).toBe(0); // fetched scripts leave no element behind
  });
});
