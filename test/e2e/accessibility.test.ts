// axe-core run against the widget (inside its open shadow root) in each state a visitor meets:
// closed, open and empty, in a conversation, and after the operator closed it.
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
    await log(page).getByText('This conversation was closed. Send a message to start a new one.').waitFor();
    await check('closed conversation');
    await shoot(page, 'closed-conversation');
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
