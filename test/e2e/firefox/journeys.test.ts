// The visitor's core journeys again in Firefox (Gecko, over WebDriver BiDi), since visitors do
// not all use Chromium: load, open, send, receive, reload with history, offline then online,
// the strict-CSP page, and an attachment each way. One browser for the file, journeys in turn.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { firefoxAvailable } from '../../helpers/firefox';
import {
  COMPOSER, inWidget, openWidget, panelVisible, sendMessage, shownDrafts, shownMessages, useFirefoxE2e, visit, waitForMessage, widgetRole,
} from '../../helpers/e2e-firefox';
import { kitReceived } from '../../helpers/e2e-widget';
import { png } from '../../helpers/png';
import type { KitSimulator } from '../../../demo/kit-simulator/simulator';

function sendsOf(sim: KitSimulator, text: string): number {
  const message = sim.conversations().flatMap((c) => c.messages).find((m) => m.from === 'visitor' && m.text === text);
  return message ? (sim.stats().sendsByMessageId[message.id] ?? 0) : 0;
}

/** The delivery state the log shows under the visitor's message with this text. */
async function stateOf(page: Page, text: string): Promise<string> {
  return (await shownMessages(page)).find((m) => m.mine && m.text === text)?.state ?? '';
}

describe.skipIf(!firefoxAvailable())('the core journeys in Firefox', () => {
  const e2e = useFirefoxE2e();
  const scratch = mkdtempSync(join(tmpdir(), 'kitchat-e2e-firefox-files-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('loads, opens, carries a message to the operator console and the reply back, and keeps both across a reload', async () => {
    const { page, context } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/`);
    expect(await panelVisible(page)).toBe(false);
    await openWidget(page);
    expect(await panelVisible(page)).toBe(true);
    expect(await page.$eval(inWidget('.kc-launcher'), (b) => b.getAttribute('aria-expanded'))).toBe('true');
    await page.waitForSelector(inWidget('::-p-text(We usually answer within a few minutes)'));

    await sendMessage(page, 'Do you roast on Fridays?');
    await kitReceived(e2e.stack.sim, 'Do you roast on Fridays?');
    await expect.poll(() => stateOf(page, 'Do you roast on Fridays?')).toBe('Delivered');

    // The operator answers from the simulator's console, in Firefox as well.
    const operator = await context.newPage();
    await operator.goto(e2e.stack.sim.consoleUrl);
    await operator.locator('::-p-aria([role="navigation"][name="Conversations"]) ::-p-text(Do you roast on Fridays?)').click();
    await operator.locator('::-p-aria([role="textbox"][name="Reply"])').fill('Every Friday morning, yes.');
    await operator.locator('::-p-aria([role="button"][name="Send"])').click();
    await operator.waitForSelector('#messages ::-p-text(Every Friday morning, yes.)');
    await operator.close();

    const reply = await waitForMessage(page, 'Every Friday morning, yes.');
    expect(reply).toMatchObject({ mine: false, name: 'Anna Petrova' });

    // Reload: history and the open panel come back without the visitor doing anything.
    await page.reload();
    await expect.poll(() => panelVisible(page)).toBe(true);
    await waitForMessage(page, 'Every Friday morning, yes.');
    const after = (await shownMessages(page)).filter((m) => m.text === 'Do you roast on Fridays?' || m.text === 'Every Friday morning, yes.');
    expect(after.map((m) => [m.mine, m.text])).toEqual([[true, 'Do you roast on Fridays?'], [false, 'Every Friday morning, yes.']]);
    await page.waitForSelector(COMPOSER, { visible: true });
  });

  it('shows a message typed offline as waiting and sends it exactly once when the network returns', async () => {
    const { page } = await e2e.newPage();
    const { sim } = e2e.stack;
    await visit(page, `${e2e.stack.site.url}/shop.html`);
    await openWidget(page);
    await sendMessage(page, 'Hello before the tunnel');
    await kitReceived(sim, 'Hello before the tunnel');

    await page.setOfflineMode(true);
    await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
    await page.waitForSelector(inWidget('::-p-text(You are offline)'));
    await page.locator(COMPOSER).fill('Typed inside the tunnel');
    await page.keyboard.press('Enter');
    await waitForMessage(page, 'Typed inside the tunnel');
    await expect.poll(() => stateOf(page, 'Typed inside the tunnel')).toBe('Waiting for network');
    expect(sendsOf(sim, 'Typed inside the tunnel')).toBe(0);

    await page.setOfflineMode(false);
    await kitReceived(sim, 'Typed inside the tunnel');
    await expect.poll(() => stateOf(page, 'Typed inside the tunnel')).toMatch(/^(Sent|Delivered)$/);
    // A later message going through proves the first had every chance to be sent twice.
    await sendMessage(page, 'Out of the tunnel');
    await kitReceived(sim, 'Out of the tunnel');
    expect(sendsOf(sim, 'Typed inside the tunnel')).toBe(1);
  });

  it('works on the strict-CSP, hostile-stylesheet page as on the plain one, breaking no policy', async () => {
    const measure = async (page: Page) => {
      const launcher = (await (await page.$(inWidget('.kc-launcher')))!.boundingBox())!;
      await openWidget(page);
      const panel = (await (await page.$(inWidget('[role="dialog"]')))!.boundingBox())!;
      const font = await page.$eval(COMPOSER, (el) => getComputedStyle(el).fontSize + ' ' + getComputedStyle(el).fontFamily);
      return { launcher, panel, font };
    };
    const plain = await e2e.newPage();
    await visit(plain.page, `${e2e.stack.site.url}/`);
    const reference = await measure(plain.page);

    const { page } = await e2e.newPage();
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => void problems.push(`pageerror: ${String(e)}`));
    await page.evaluateOnNewDocument(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const response = await page.goto(`${e2e.stack.site.url}/strict.html`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector(inWidget('.kc-launcher'));
    const hostile = await measure(page);
    for (const part of ['launcher', 'panel'] as const) {
      for (const key of ['x', 'y', 'width', 'height'] as const) {
        expect(Math.abs(hostile[part][key] - reference[part][key]), `${part} ${key}`).toBeLessThanOrEqual(1);
      }
    }
    expect(hostile.font).toBe(reference.font);

    await sendMessage(page, 'Strict hello from Firefox');
    const visitorId = await kitReceived(e2e.stack.sim, 'Strict hello from Firefox');
    await e2e.stack.sim.reply(visitorId, { text: 'Strict reply to Firefox' });
    await waitForMessage(page, 'Strict reply to Firefox');
    await expect.poll(() => stateOf(page, 'Strict hello from Firefox')).toBe('Delivered');
    // The simulator's avatar is plain http from its own host, which this page's img-src does
    // not allow: the page's choice, and the widget shows the agent's initials instead.
    const avatar = `${e2e.stack.sim.url}/console/agent.svg`;
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect([...problems, ...csp].filter((p) => !p.includes(avatar))).toEqual([]);
    await expect.poll(() => page.$$eval(inWidget('span.kc-avatar'), (els) => els.some((el) => el.textContent === 'AP'))).toBe(true);
  });

  it('sends the visitor\'s picture to Kit and shows the operator\'s picture and PDF in the widget', async () => {
    const { page } = await e2e.newPage();
    const { sim } = e2e.stack;
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);

    // Visitor to operator: the paperclip opens Firefox's file chooser.
    const picture = png(48, 32, [200, 90, 40]);
    const path = join(scratch, 'roast-label.png');
    writeFileSync(path, picture);
    const [chooser] = await Promise.all([page.waitForFileChooser(), page.locator(widgetRole('button', 'Attach a file')).click()]);
    await chooser.accept([path]);
    await expect.poll(() => shownDrafts(page)).toEqual([{ name: 'roast-label.png', state: 'done', preview: true }]);
    await sendMessage(page, 'Is this the roast you meant?');
    expect(await shownDrafts(page)).toEqual([]);
    const clientId = await kitReceived(sim, 'Is this the roast you meant?');
    const item = sim.conversation(clientId)!.messages.find((m) => m.text === 'Is this the roast you meant?')!.payload[0]!;
    expect(item).toMatchObject({ type: 'photo', file_name: 'roast-label.png' });
    const fileUrl = 'file_url' in item ? item.file_url ?? '' : '';
    expect(Buffer.from(await (await fetch(fileUrl)).arrayBuffer()).equals(picture)).toBe(true);
    await expect.poll(async () => (await waitForMessage(page, 'Is this the roast you meant?')).images).toEqual([{ alt: 'roast-label.png', src: fileUrl, decoded: true }]);

    // Operator to visitor: a picture and a PDF stored in the simulator, each sent as a reply.
    const upload = async (type: string, name: string, body: Buffer) => {
      const res = await fetch(`${sim.url}/admin/uploads`, { method: 'POST', headers: { 'content-type': type, 'x-file-name': name }, body: new Uint8Array(body) });
      expect(res.status).toBe(201);
      return (await res.json()) as { fileId: string; url: string };
    };
    const replyWith = async (body: object) => {
      const res = await fetch(`${sim.url}/admin/clients/${encodeURIComponent(clientId)}/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(202);
    };
    const parcel = await upload('image/png', 'parcel.png', png(64, 40, [40, 120, 200]));
    await replyWith({ fileId: parcel.fileId });
    const invoice = await upload('application/pdf', 'invoice-2024.pdf', Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'));
    await replyWith({ text: 'Here is your invoice.', fileId: invoice.fileId });

    // The relay keeps its own copy of each operator file: the widget loads it from there.
    const fromRelay = expect.stringMatching(new RegExp(`^${e2e.stack.relay.url.replaceAll('.', '\\.')}/files/`));
    const sameBytes = async (a: string, b: string) => Buffer.from(await (await fetch(a)).arrayBuffer()).equals(Buffer.from(await (await fetch(b)).arrayBuffer()));
    await expect.poll(async () => (await shownMessages(page)).flatMap((m) => (m.mine ? [] : m.images)))
      .toEqual([{ alt: 'parcel.png', src: fromRelay, decoded: true }]);
    const shown = (await shownMessages(page)).flatMap((m) => (m.mine ? [] : m.images))[0]!;
    expect(await sameBytes(shown.src, parcel.url)).toBe(true);
    // The PDF is a link named after the file, under the operator's words.
    await expect.poll(async () => (await shownMessages(page)).find((m) => !m.mine && m.text.startsWith('Here is your invoice.'))?.links)
      .toEqual([{ text: expect.stringContaining('invoice-2024.pdf'), href: fromRelay }]);
    const link = (await shownMessages(page)).find((m) => !m.mine && m.text.startsWith('Here is your invoice.'))!.links[0]!;
    expect(await sameBytes(link.href, invoice.url)).toBe(true);
  });
});
