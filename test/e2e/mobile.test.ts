// On a phone the open chat takes the whole screen and its input is large enough (16 px) that
// the browser does not zoom the page when the visitor taps into it.
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { composer, kitReceived, launcher, panel, sendMessage, visit } from '../helpers/e2e-widget';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe.skipIf(!browserAvailable())('the widget on a phone', () => {
  const e2e = useE2e();

  it('fills the screen when opened, with a 16 px composer, and sends', async () => {
    const { page } = await e2e.newPage(PHONE);
    await visit(page, `${e2e.stack.site.url}/`);
    await page.getByRole('button', { name: 'Open chat' }).tap();
    await composer(page).waitFor();

    const box = (await panel(page).boundingBox())!;
    expect(box.x).toBeLessThanOrEqual(0.5);
    expect(box.y).toBeLessThanOrEqual(0.5);
    expect(box.width).toBeGreaterThanOrEqual(389.5);
    expect(box.height).toBeGreaterThanOrEqual(843.5);
    const fontSize = await composer(page).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(16);

    // The panel's own close button stays reachable (not hidden behind the launcher or off screen).
    const close = page.getByRole('dialog').getByRole('banner').getByRole('button', { name: 'Close chat' });
    const closeBox = (await close.boundingBox())!;
    expect(closeBox.x + closeBox.width).toBeLessThanOrEqual(390);
    expect(closeBox.y).toBeGreaterThanOrEqual(0);

    await sendMessage(page, 'Ordering from my phone');
    await kitReceived(e2e.stack.sim, 'Ordering from my phone');
    await shoot(page, 'mobile');

    await close.tap();
    await expect.poll(() => panel(page).isVisible()).toBe(false);
  });

  it('keeps the composer above the on-screen keyboard: the panel follows the visual viewport as it shrinks', async () => {
    const { page } = await e2e.newPage(PHONE);
    await visit(page, `${e2e.stack.site.url}/`);
    await page.getByRole('button', { name: 'Open chat' }).tap();
    await composer(page).tap();
    // What an on-screen keyboard does to the page: the visual viewport shrinks while the layout
    // viewport stays. Chromium's page scale (as when zoomed) shrinks it the same way, firing resize.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 });
    await expect.poll(() => page.evaluate(() => Math.round(window.visualViewport!.height))).toBe(422);
    const fits = () =>
      panel(page).evaluate((el) => {
        const vv = window.visualViewport!;
        const input = el.querySelector('textarea')!.getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return { panel: Math.round(box.height), viewport: Math.round(vv.height), composerInside: input.bottom <= vv.offsetTop + vv.height + 0.5 };
      });
    await expect.poll(fits).toEqual({ panel: 422, viewport: 422, composerInside: true });
    await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 1 });
    await expect.poll(async () => (await fits()).panel).toBe(844);
  });

  it('leaves the next page in view with the chat closed, and shows a new reply on the badge', async () => {
    const { page } = await e2e.newPage(PHONE);
    await visit(page, `${e2e.stack.site.url}/`);
    await page.getByRole('button', { name: 'Open chat' }).tap();
    await sendMessage(page, 'Is the Kenya Nyeri in stock?');
    const visitorId = await kitReceived(e2e.stack.sim, 'Is the Kenya Nyeri in stock?');

    await page.goto(`${e2e.stack.site.url}/shop.html`);
    await expect.poll(() => launcher(page).getAttribute('aria-expanded')).toBe('false');
    expect(await panel(page).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Shop' }).isVisible()).toBe(true);
    await e2e.stack.sim.reply(visitorId, { text: 'Yes, roasted this morning.' });
    await page.getByRole('button', { name: 'Open chat, 1 unread message' }).waitFor();
    await shoot(page, 'mobile-next-page');
  });
});
