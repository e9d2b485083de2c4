// Operator messages are data, never markup: script, handlers, javascript: links, huge and
// unbroken text, RTL and emoji all render as literal text inside a panel that keeps its shape.
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { kitReceived, log, openWidget, panel, sendMessage, visit } from '../helpers/e2e-widget';

const CORPUS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '[click](javascript:window.__pwned=1)',
  'javascript:window.__pwned=1',
  '<svg onload="window.__pwned=1"><script>window.__pwned=1</script></svg>',
  `Unbroken:${'W'.repeat(300)}`,
  `Long: ${'All work and no play makes a dull day. '.repeat(260)}`.slice(0, 10_000),
  'שלום, ההזמנה שלך נשלחה היום. مرحبا، تم شحن طلبك',
  'Thanks! ☕️👍🏽 👨‍👩‍👧‍👦 🇵🇹',
];

describe.skipIf(!browserAvailable())('hostile operator messages', () => {
  const e2e = useE2e();

  it('shows every hostile reply as literal text, runs none of it, and keeps the panel inside the window', async () => {
    const { page } = await e2e.newPage();
    const { sim } = e2e.stack;
    await page.addInitScript(() => {
      (window as unknown as { __pwned?: number }).__pwned = undefined;
    });
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await sendMessage(page, 'Anything odd today?');
    const visitorId = await kitReceived(sim, 'Anything odd today?');
    for (const text of CORPUS) {
      const outcome = await sim.reply(visitorId, { text });
      expect(outcome.delivered).toBe(true);
    }

    const bubbles = log(page).locator('.kc-msg--theirs:not(.kc-greeting) .kc-bubble');
    await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBe(CORPUS.length);
    // Each bubble reads "<sender>: " for screen readers, then the text exactly as sent.
    const shown = await bubbles.evaluateAll((nodes) =>
      nodes.map((n) => (n.textContent ?? '').replace(/^[^:]*: /, '')),
    );
    expect(shown).toEqual(CORPUS);

    const pwned = await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
    expect(pwned).toBeUndefined();
    const shadow = await page.evaluate(() => {
      const root = document.getElementById('kitchat-widget')!.shadowRoot!;
      return {
        hrefs: [...root.querySelectorAll('[href]')].map((a) => a.getAttribute('href') ?? ''),
        scripts: root.querySelectorAll('script, iframe, object, embed, img[src="x"], svg[onload]').length,
        handlers: [...root.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      };
    });
    expect(shadow.hrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
    expect(shadow.scripts).toBe(0);
    expect(shadow.handlers).toBe(0);

    const viewport = page.viewportSize()!;
    const box = (await panel(page).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    const overflow = await log(page).evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const wideBubbles = await bubbles.evaluateAll((nodes) =>
      nodes.filter((n) => n.scrollWidth > n.clientWidth + 1).length,
    );
    expect(wideBubbles).toBe(0);

    await log(page).getByText(CORPUS[5]!, { exact: true }).scrollIntoViewIfNeeded();
    await shoot(page, 'hostile-messages-unbroken');
    await log(page).getByText(CORPUS[8]!, { exact: true }).scrollIntoViewIfNeeded();
    await shoot(page, 'hostile-messages');
  });
});
