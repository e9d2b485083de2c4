// Placement and language from the embed: contact.html asks for Russian on the left; a page
// written right to left gets a mirrored widget.
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { kitReceived, launcher, log, openWidget, panel, sendMessage, visit } from '../helpers/e2e-widget';

const VIEWPORT_WIDTH = 1280;
const RTL_PAGE = `<!doctype html><html lang="he" dir="rtl"><head><meta charset="utf-8">
  <title>חנות קפה</title><script src="%RELAY_URL%/widget.js" async data-title="קפה נורת'ווינד"></script></head>
  <body><h1>קפה טרי, נקלה ביום המשלוח</h1><p>משלוח חינם בהזמנה מעל 30 אירו.</p></body></html>`;

/**
 * Where each part of an element's text is drawn (the left edge of its first occurrence), read in
 * one layout: the message's status beside its time may change between two separate reads and
 * move the line.
 */
function drawnAt(locator: Locator, parts: string[]): Promise<number[]> {
  return locator.evaluate((el, parts) => parts.map((part) => {
    const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(part);
      if (at < 0) continue;
      const range = el.ownerDocument.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + part.length);
      return range.getBoundingClientRect().left;
    }
    throw new Error(`"${part}" is not in the element`);
  }), parts);
}

describe.skipIf(!browserAvailable())('language and placement', () => {
  const e2e = useE2e();

  it('speaks Russian and sits on the left on the contact page', async () => {
    const { page } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/contact.html`);
    await page.getByRole('button', { name: 'Открыть чат' }).waitFor();
    const closed = (await launcher(page).boundingBox())!;
    expect(closed.x + closed.width).toBeLessThan(VIEWPORT_WIDTH / 2);

    await openWidget(page);
    const box = (await panel(page).boundingBox())!;
    expect(box.x + box.width).toBeLessThan(VIEWPORT_WIDTH / 2);
    await page.getByRole('log', { name: 'Сообщения' }).waitFor();
    await sendMessage(page, 'Здравствуйте! Можно забрать заказ сегодня?');
    const visitorId = await kitReceived(e2e.stack.sim, 'Здравствуйте! Можно забрать заказ сегодня?');
    await e2e.stack.sim.reply(visitorId, { text: 'Да, до 19:00 на Садовой, 12.' });
    await log(page).getByText('Да, до 19:00 на Садовой, 12.', { exact: true }).waitFor();
    await log(page).getByText('Доставлено').first().waitFor();
    await shoot(page, 'contact-ru-left');
  });

  it('mirrors the panel on a right-to-left page', async () => {
    const { page } = await e2e.newPage({ locale: 'en-US' });
    const url = e2e.stack.pages.add('/rtl.html', RTL_PAGE);
    await visit(page, url);
    await openWidget(page);
    expect(await page.locator('#kitchat-widget .kc-theme').getAttribute('dir')).toBe('rtl');
    // Mirrored: the title sits right of the panel's own close button.
    const header = panel(page).getByRole('banner');
    const title = (await header.getByRole('heading').boundingBox())!;
    const close = (await header.getByRole('button', { name: 'Close chat' }).boundingBox())!;
    const menu = (await header.getByRole('button', { name: 'More options' }).boundingBox())!;
    expect(close.x).toBeLessThan(menu.x);
    expect(close.x).toBeLessThan(title.x);

    await sendMessage(page, 'שלום, יש לכם פולים מאתיופיה?');
    const visitorId = await kitReceived(e2e.stack.sim, 'שלום, יש לכם פולים מאתיופיה?');
    await e2e.stack.sim.reply(visitorId, { text: 'כן! Ethiopia Guji במלאי.' });
    await log(page).getByText('כן! Ethiopia Guji במלאי.', { exact: true }).waitFor();
    // The visitor's own bubble goes to the start edge's opposite: the left in RTL.
    const mine = (await log(page).locator('.kc-msg--mine .kc-bubble').first().boundingBox())!;
    const theirs = (await log(page).locator('.kc-msg--theirs:not(.kc-greeting) .kc-bubble').first().boundingBox())!;
    expect(mine.x).toBeLessThan(theirs.x);
    await shoot(page, 'rtl');
  });

  it('keeps an English greeting\'s punctuation at its end on a right-to-left page', async () => {
    const { page } = await e2e.newPage({ locale: 'en-US' });
    await visit(page, e2e.stack.pages.add('/rtl-greeting.html', RTL_PAGE));
    await openWidget(page);
    const greeting = log(page).locator('.kc-greeting .kc-bubble');
    await greeting.getByText('Hi! How can we help you today?').waitFor();
    const [mark, word] = await drawnAt(greeting, ['?', 'today']);
    expect(mark).toBeGreaterThan(word!);
  });

  it('shows message times in reading order on a right-to-left page', async () => {
    const { page } = await e2e.newPage({ locale: 'en-US', timezoneId: 'UTC' });
    await visit(page, e2e.stack.pages.add('/rtl-time.html', RTL_PAGE));
    await openWidget(page);
    await sendMessage(page, 'What time is it?');
    const time = log(page).locator('.kc-msg--mine time').first();
    const text = (await time.textContent()) ?? '';
    expect(text, 'an English 12-hour time').toMatch(/^\d{1,2}:\d{2}\s?(AM|PM)$/);
    const meridiem = /AM|PM/.exec(text)![0];
    const [meridiemAt, hourAt] = await drawnAt(time, [meridiem!, text.slice(0, 1)]);
    expect(meridiemAt).toBeGreaterThan(hourAt!);
  });
});
