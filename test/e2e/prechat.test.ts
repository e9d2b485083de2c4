// The pre-chat form end to end (data-prechat, data-privacy-url): the first message waits until the
// required email is given, the error sits next to its field, and the values reach Kit's client
// data with that message; the next page does not ask again.
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { composer, kitReceived, log, openWidget, panel, visit } from '../helpers/e2e-widget';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Northwind Coffee: wholesale</title>
  <script src="%RELAY_URL%/widget.js" async data-title="Northwind Wholesale" data-accent="#2f6f4e"
    data-prechat="name,email*,phone" data-privacy-url="https://shop.example/privacy"></script></head>
  <body><h1>Wholesale coffee for cafés</h1><p>Tell us about your café and we will send a sample box.</p></body></html>`;

describe.skipIf(!browserAvailable())('pre-chat form', () => {
  const e2e = useE2e();

  it('holds the first message until the required field is right, then sends it with the visitor\'s details to Kit', async () => {
    const { page } = await e2e.newPage();
    const url = e2e.stack.pages.add('/wholesale.html', PAGE);
    await visit(page, url);
    await openWidget(page);
    const form = panel(page).getByRole('form', { name: /Before we start/ });
    await form.waitFor();
    await expect(form.getByRole('link', { name: 'privacy policy' }).getAttribute('href')).resolves.toBe('https://shop.example/privacy');

    await form.getByRole('textbox', { name: 'Name (optional)' }).fill('Jana Novak');
    await composer(page).fill('Do you ship sample boxes to Prague?');
    await composer(page).press('Enter');
    const email = form.getByRole('textbox', { name: 'Email' });
    await form.getByText('Please fill this in.').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await composer(page).inputValue()).toBe('Do you ship sample boxes to Prague?');
    // The error sits right under its field.
    const field = (await email.boundingBox())!;
    const error = (await form.getByText('Please fill this in.').boundingBox())!;
    expect(error.y - (field.y + field.height)).toBeGreaterThanOrEqual(0);
    expect(error.y - (field.y + field.height)).toBeLessThan(12);
    await shoot(page, 'prechat-form');

    await email.fill('jana@cafe.example');
    await composer(page).press('Enter');
    const visitorId = await kitReceived(e2e.stack.sim, 'Do you ship sample boxes to Prague?');
    expect(e2e.stack.sim.conversation(visitorId)!.client).toMatchObject({ client_display_name: 'Jana Novak', client_email: 'jana@cafe.example' });
    await form.waitFor({ state: 'detached' });
    await log(page).getByText('Delivered').waitFor();

    await page.reload();
    // The panel opens again by itself: it was open on the last page.
    await log(page).getByText('Do you ship sample boxes to Prague?').waitFor();
    expect(await panel(page).getByRole('form').count()).toBe(0);
  });

  it('fits a phone screen', async () => {
    const { page } = await e2e.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const url = e2e.stack.pages.add('/wholesale-phone.html', PAGE);
    await visit(page, url);
    await openWidget(page);
    const form = panel(page).getByRole('form', { name: /Before we start/ });
    await form.waitFor();
    const box = (await panel(page).boundingBox())!;
    expect(box.width).toBe(390);
    const fields = await form.getByRole('textbox').all();
    for (const f of fields) {
      const b = (await f.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(390);
      // 16 px inputs: phones do not zoom into the form.
      expect(await f.evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    }
    await shoot(page, 'phone-prechat');
  });
});
