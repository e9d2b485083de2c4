// Operator messages are data, never markup: script, handlers, javascript: links, huge and
// unbroken text, RTL and emoji all render as literal text inside a panel that keeps its shape.
// Markdown-shaped attacks (links in every spelling of javascript:, nested emphasis, unclosed
// fences, ten thousand asterisks) are drawn by the markdown subset and still run nothing.
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

/** Markdown-shaped attacks: whatever they render as, no link but http(s), mailto and tel, and nothing runs. */
const MARKDOWN_CORPUS = [
  '[click](javascript:window.__pwned=1)',
  '[click](JAVASCRIPT:window.__pwned=1)',
  '[click](JaVaScRiPt:window.__pwned=1)',
  '[click](  javascript:window.__pwned=1)',
  '[click](java\tscript:window.__pwned=1)',
  '[click](java\nscript:window.__pwned=1)',
  '[click](&#106;avascript:window.__pwned=1)',
  '[click](&#x6A;avascript:window.__pwned=1)',
  '[click](javascript&colon;window.__pwned=1)',
  '[click](%6A%61vascript:window.__pwned=1)',
  '[click](\u006Aavascript:window.__pwned=1)',
  '[click](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)',
  '[click](vbscript:window.__pwned=1)',
  '[**bold** click](javascript:window.__pwned=1 "title")',
  '[[nested](javascript:window.__pwned=1)](https://ok.example)',
  '<javascript:window.__pwned=1>',
  '`<img src=x onerror="window.__pwned=1">`',
  '```html\n<script>window.__pwned=1</script>\n<img src=x onerror="window.__pwned=1">',
  '```\nunclosed fence\n[click](javascript:window.__pwned=1)',
  `${'*a **b _c __d '.repeat(200)}x${' d__ c_ b** a*'.repeat(200)}`,
  '***'.repeat(100) + '<svg onload="window.__pwned=1">' + '___'.repeat(100),
  '*'.repeat(10_000),
  '['.repeat(3000) + '](javascript:window.__pwned=1)',
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
    // (screenshots below)
    await shoot(page, 'hostile-messages-unbroken');
    await log(page).getByText(CORPUS[8]!, { exact: true }).scrollIntoViewIfNeeded();
    await shoot(page, 'hostile-messages');
  });
});

describe.skipIf(!browserAvailable())('markdown-shaped operator messages', () => {
  const e2e = useE2e();

  it('draws the markdown subset, links only to allowed addresses, and runs nothing', async () => {
    const { page } = await e2e.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(() => {
      (window as unknown as { __pwned?: number }).__pwned = undefined;
    });
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await sendMessage(page, 'Markdown, please');
    const visitorId = await kitReceived(e2e.stack.sim, 'Markdown, please');
    for (const text of MARKDOWN_CORPUS) expect((await e2e.stack.sim.reply(visitorId, { text })).delivered).toBe(true);

    const bubbles = log(page).locator('.kc-msg--theirs:not(.kc-greeting) .kc-bubble');
    await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBe(MARKDOWN_CORPUS.length);
    // The rich plug-in has drawn them (a code span from the corpus), and the asterisks are all there.
    await log(page).locator('code').first().waitFor();
    await log(page).getByText('*'.repeat(10_000)).waitFor();
    // Attacks that are plain text keep every character, javascript: included.
    await log(page).getByText('[click](JAVASCRIPT:window.__pwned=1)', { exact: true }).waitFor();

    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    const shadow = await page.evaluate(() => {
      const root = document.getElementById('kitchat-widget')!.shadowRoot!;
      return {
        hrefs: [...root.querySelectorAll('[href]')].map((a) => a.getAttribute('href') ?? ''),
        srcs: [...root.querySelectorAll('[src]')].map((a) => a.getAttribute('src') ?? ''),
        active: root.querySelectorAll('script, iframe, object, embed, img[src="x"], form[action], base, meta, link, .kc-bubble svg').length,
        handlers: [...root.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      };
    });
    expect(shadow.hrefs.filter((h) => !/^(https?:|mailto:|tel:)/.test(h))).toEqual([]);
    expect(shadow.hrefs).toContain('https://ok.example/');
    expect(shadow.srcs.filter((h) => !/^https?:/.test(h))).toEqual([]);
    expect(shadow.active).toBe(0);
    expect(shadow.handlers).toBe(0);
    const overflow = await log(page).evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
