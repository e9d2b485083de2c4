// axe-core run against the widget (inside its open shadow root) in each state a visitor meets:
// closed, open and empty, in a conversation, and after the operator closed it; with the greeting
// bubble, the pre-chat form and its errors, the away note, a formatted reply and the menu.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { kitReceived, log, openWidget, sendMessage, visit } from '../helpers/e2e-widget';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** One failing element of one axe rule; `target` is axe's selector path through the shadow root. */
interface Finding {
  id: string;
  impact: string | null;
  help: string;
  target: string;
}

/** Serious and critical axe findings within the widget's host element and its shadow tree. */
async function seriousFindings(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(async () => {
    type Result = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Result[] }> } }).axe;
    const { violations } = await axe.run({ include: ['#kitchat-widget'] }, { resultTypes: ['violations'] });
    return violations.flatMap((v) => v.nodes.map((n) => ({ id: v.id, impact: v.impact, help: v.help, target: JSON.stringify(n.target) })));
  });
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Known contrast bugs, each judged by its own test below so the rest stays guarded meanwhile. */
const isAvatarContrast = (f: Finding) => f.id === 'color-contrast' && f.target.includes('.kc-avatar');
const isDayContrast = (f: Finding) => f.id === 'color-contrast' && f.target.includes('.kc-day');

describe.skipIf(!browserAvailable())('accessibility of the widget', () => {
  const e2e = useE2e();

  it('has no serious or critical axe violations closed, open, in a conversation, and once closed by the operator', async () => {
    const { page } = await e2e.newPage();
    const check = async (state: string) =>
      expect((await seriousFindings(page)).filter((f) => !isAvatarContrast(f) && !isDayContrast(f)), state).toEqual([]);
    await visit(page, `${e2e.stack.site.url}/`);
    await check('closed');

    await openWidget(page);
    await check('open and empty');

    await sendMessage(page, 'Which grind for a French press?');
    const visitorId = await kitReceived(e2e.stack.sim, 'Which grind for a French press?');
    await e2e.stack.sim.reply(visitorId, { text: 'Coarse, like sea salt. See https://example.com/grind' });
    await log(page).getByText(/Coarse, like sea salt/).waitFor();
    await log(page).getByText('Delivered').waitFor();
    await check('conversation');

    await e2e.stack.sim.closeConversation(visitorId, 'CLOSED_BY_AGENT');
    await log(page).getByRole('button', { name: 'Start a new conversation' }).waitFor();
    await log(page).getByText('An operator closed this conversation.').waitFor();
    await check('closed conversation');
    await shoot(page, 'closed-conversation');
  });

  it('has no serious or critical axe violations with the greeting, the pre-chat form, the away note, a formatted reply and the menu', async () => {
    const { page } = await e2e.newPage();
    const check = async (state: string) =>
      expect((await seriousFindings(page)).filter((f) => !isAvatarContrast(f) && !isDayContrast(f)), state).toEqual([]);
    // The team is away (as a relay with RELAY_HOURS would say after hours).
    const away = { online: false, opensAt: new Date(Date.now() + 86_400_000).toISOString() };
    await page.route(`${e2e.stack.relay.url}/v1/sessions`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), availability: away } });
    });
    await page.route(`${e2e.stack.relay.url}/v1/availability`, (route) => route.fulfill({ json: away }));
    const url = e2e.stack.pages.add('/a11y-features.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Features</title>
      <script src="%RELAY_URL%/widget.js" async data-prechat="name,email*" data-privacy-url="https://shop.example/privacy" data-greeting-delay="0"></script></head>
      <body><h1>Every part of the widget</h1></body></html>`);
    await visit(page, url);
    await page.getByRole('button', { name: 'Dismiss' }).waitFor();
    await check('greeting bubble');
    await openWidget(page);
    await page.getByRole('form').waitFor();
    await check('pre-chat form');
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await page.getByText('Please fill this in.').waitFor();
    await check('pre-chat form with an error');
    await page.getByRole('textbox', { name: 'Email' }).fill('a11y@example.com');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    const visitorId = await kitReceived(e2e.stack.sim, 'Hello');
    await e2e.stack.sim.reply(visitorId, { text: 'We are **back tomorrow**:\n- call `tel:+15550100`\n- or see [the help](https://example.com/help)' });
    await log(page).locator('.kc-md strong').waitFor();
    await page.getByText(/We are away right now/).waitFor();
    await check('away note and a formatted reply');
    await page.getByRole('button', { name: 'More options' }).click();
    await page.getByRole('menuitem', { name: 'Download conversation' }).waitFor();
    await check('menu');
  });

  it('draws avatar initials with enough contrast to read', async () => {
    const { page } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    expect((await seriousFindings(page)).filter(isAvatarContrast)).toEqual([]);
  });

  it('draws the day separator with enough contrast to read', async () => {
    const { page } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/shop.html`);
    await openWidget(page);
    await sendMessage(page, 'Is there a day label?');
    await log(page).locator('.kc-day').first().waitFor();
    expect((await seriousFindings(page)).filter(isDayContrast)).toEqual([]);
  });
});
