// How the conversation looks in Chromium: an agent without a picture gets initials on the
// site's accent colour, by the last message of a run; the greeting keeps its place under the day
// divider from page to page; on a phone the panel keeps clear of the notch and home indicator.
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { composer, kitReceived, launcher, log, openWidget, panel, sendMessage, visit } from '../helpers/e2e-widget';

const HOME_GREETING = 'Hi! Questions about beans, brewing or your order? We usually answer within a few minutes.';
const SHOP_GREETING = 'Need help choosing a roast? Ask us anything.';

const NOTCHED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"><title>Northwind Coffee</title>
  <script src="%RELAY_URL%/widget.js" async data-title="Northwind Coffee" data-accent="#7a4b2a"></script></head>
  <body><h1>Edge to edge</h1></body></html>`;

describe.skipIf(!browserAvailable())('the conversation\'s look', () => {
  const e2e = useE2e();

  it('shows an agent without a picture as initials on the accent colour, by the last message of a run', async () => {
    const { page } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await sendMessage(page, 'Which roast for a moka pot?');
    const visitorId = await kitReceived(e2e.stack.sim, 'Which roast for a moka pot?');
    await e2e.stack.sim.reply(visitorId, { text: 'Hi! I am Anna.' });
    await e2e.stack.sim.reply(visitorId, { text: 'For a moka pot, the House Espresso.' });
    await log(page).getByText('For a moka pot, the House Espresso.', { exact: true }).waitFor();

    const avatars = log(page).locator('.kc-msg--theirs:not(.kc-greeting) .kc-avatar');
    expect(await avatars.count()).toBe(1);
    expect(await avatars.evaluate((el) => el.tagName)).toBe('SPAN');
    expect(await avatars.textContent()).toBe('AP');
    expect(await avatars.evaluate((el) => el.closest('.kc-msg')!.textContent)).toContain('For a moka pot, the House Espresso.');
    const colours = await avatars.evaluate((el) => {
      const accent = el.getRootNode() as ShadowRoot;
      return [getComputedStyle(el).backgroundColor, getComputedStyle(accent.querySelector('.kc-launcher')!).backgroundColor];
    });
    expect(colours[0]).toBe('rgb(122, 75, 42)');
    expect(colours[0]).toBe(colours[1]);
    await shoot(page, 'conversation-look');
  });

  it('keeps the greeting of the page the conversation began on, under the day divider, on the next page', async () => {
    const { page } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await sendMessage(page, 'Do you ship to Norway?');
    await page.goto(`${e2e.stack.site.url}/shop.html`);
    await log(page).getByText('Do you ship to Norway?', { exact: true }).waitFor();
    const order = await log(page).evaluate((el) => Array.from(el.querySelectorAll('.kc-day, .kc-bubble')).map((n) => n.textContent));
    expect(order.slice(0, 2)).toEqual(['Today', HOME_GREETING]);
    expect(order).not.toContain(SHOP_GREETING);
  });

  it('keeps the header and the composer clear of a phone\'s notch and home indicator', async () => {
    const { context, page } = await e2e.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setSafeAreaInsetsOverride' as never, { insets: { top: 47, bottom: 34, left: 0, right: 0 } } as never);
    await visit(page, e2e.stack.pages.add('/edge-to-edge.html', NOTCHED_PAGE));
    await page.getByRole('button', { name: 'Open chat' }).tap();
    await composer(page).waitFor();
    const title = (await panel(page).getByRole('heading').boundingBox())!;
    const box = (await composer(page).boundingBox())!;
    expect(title.y).toBeGreaterThanOrEqual(47);
    expect(box.y + box.height).toBeLessThanOrEqual(844 - 34);
    await shoot(page, 'phone-safe-area');
    // Closed again, the launcher sits its usual 20 px above the home indicator.
    await panel(page).getByRole('button', { name: 'Close chat' }).tap();
    const button = (await launcher(page).boundingBox())!;
    expect(button.y + button.height).toBeLessThanOrEqual(844 - 34 - 20 + 0.5);
  });
});
