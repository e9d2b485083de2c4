// The operator console in Chromium: a conversation opens at its newest message, also when
// pictures above it load later; the Faults panel closes when a click or focus leaves it; a file
// to send is picked with a button like the console's others and shown before it goes.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { kitReceived, openWidget, sendMessage, visit } from '../helpers/e2e-widget';
import { png } from '../helpers/png';

const atBottom = (operator: Page) =>
  operator.locator('#messages').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2);

describe.skipIf(!browserAvailable())('the operator console', () => {
  const e2e = useE2e();

  it('opens a conversation at its newest message, also when pictures above it load later', async () => {
    const { page } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await sendMessage(page, 'Can I see the bags?');
    const visitorId = await kitReceived(e2e.stack.sim, 'Can I see the bags?');
    // Pictures served slowly from a host of their own, so they arrive after the conversation is drawn.
    const pictures = Array.from({ length: 4 }, (_v, i) => `http://pictures.test/bag-${i}.png`);
    for (const [i, url] of pictures.entries()) {
      await e2e.stack.sim.reply(visitorId, { text: `Bag ${i + 1}`, attachmentUrl: url });
    }
    await e2e.stack.sim.reply(visitorId, { text: 'That is all four.' });

    const { page: operator } = await e2e.newPage({ viewport: { width: 1280, height: 700 } });
    const picture = png(300, 300, [160, 110, 70]);
    let served = 0;
    await operator.route('http://pictures.test/**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      served++;
      await route.fulfill({ status: 200, contentType: 'image/png', body: picture });
    });
    await operator.goto(e2e.stack.sim.consoleUrl);
    await operator.getByRole('navigation', { name: 'Conversations' }).getByRole('button').filter({ hasText: 'That is all four.' }).click();
    await operator.locator('#messages').getByText('That is all four.', { exact: true }).waitFor();
    expect(await atBottom(operator)).toBe(true);
    await expect.poll(() => operator.locator('#messages img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)), { timeout: 10_000 }).toBe(true);
    expect(served).toBeGreaterThan(0);
    await expect.poll(() => atBottom(operator)).toBe(true);
    expect(await operator.locator('#messages').getByText('That is all four.', { exact: true }).isVisible()).toBe(true);
    await shoot(operator, 'console-newest');
  });

  it('closes the Faults panel when a click or the focus leaves it, and on Escape', async () => {
    const { page: operator } = await e2e.newPage();
    await operator.goto(e2e.stack.sim.consoleUrl);
    const faults = operator.locator('#faults');
    const summary = faults.locator('summary');
    const isOpen = () => faults.evaluate((d) => (d as HTMLDetailsElement).open);

    await summary.click();
    expect(await isOpen()).toBe(true);
    await operator.getByRole('heading', { name: 'Select a conversation' }).click();
    await expect.poll(isOpen).toBe(false);

    await summary.click();
    await operator.getByLabel('Latency').focus();
    expect(await isOpen()).toBe(true);
    await operator.getByRole('switch', { name: 'Echo bot' }).focus();
    await expect.poll(isOpen).toBe(false);

    await summary.click();
    await operator.getByLabel('Latency').press('Escape');
    await expect.poll(isOpen).toBe(false);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('picks a file with a button like the console\'s others and shows it before it is sent', async () => {
    const { page } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await sendMessage(page, 'A photo of the roaster, please');
    await kitReceived(e2e.stack.sim, 'A photo of the roaster, please');

    const { page: operator } = await e2e.newPage();
    await operator.goto(e2e.stack.sim.consoleUrl);
    await operator.getByRole('navigation', { name: 'Conversations' }).getByRole('button').filter({ hasText: 'A photo of the roaster, please' }).click();
    const pick = operator.getByText('Upload a file', { exact: true });
    await pick.waitFor();
    // Drawn like the console's other secondary buttons, and the URL field like its other fields.
    const look = (selector: string) => operator.locator(selector).first().evaluate((el) => {
      const s = getComputedStyle(el);
      return [s.borderTopColor, s.borderRadius, s.fontSize, s.backgroundColor].join(' | ');
    });
    expect(await look('.upload-button')).toBe(await look('#burst-button'));
    // The browser's own file input is there for the keyboard and screen readers only.
    expect((await operator.locator('#reply-file').boundingBox())!.width).toBeLessThanOrEqual(1);
    const field = (selector: string) => operator.locator(selector).evaluate((el) => {
      const s = getComputedStyle(el);
      return [s.borderTopColor, s.borderRadius, s.fontSize].join(' | ');
    });
    await operator.locator('#reply-text').blur();
    expect(await field('#reply-attachment')).toBe(await field('#reply-text'));

    await operator.locator('#reply-file').setInputFiles({ name: 'roaster.png', mimeType: 'image/png', buffer: png(64, 48, [200, 120, 60]) });
    const preview = operator.getByRole('group', { name: 'File to send' });
    await preview.getByText('roaster.png').waitFor();
    const thumb = preview.getByRole('img', { name: 'roaster.png' });
    await expect.poll(() => thumb.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(64);
    await shoot(operator, 'console-file-preview');
    await preview.getByRole('button', { name: 'Remove roaster.png' }).click();
    await expect.poll(() => preview.isVisible()).toBe(false);
    expect(await operator.locator('#reply-file').evaluate((i) => (i as HTMLInputElement).files?.length)).toBe(0);

    await operator.locator('#reply-file').setInputFiles({ name: 'roaster.png', mimeType: 'image/png', buffer: png(64, 48, [200, 120, 60]) });
    await operator.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('log').locator('img').first().waitFor();
    await expect.poll(() => preview.isVisible()).toBe(false);
  });
});
