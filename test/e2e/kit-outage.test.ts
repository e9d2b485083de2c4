// Kit answering 503 while a visitor writes in the real widget: each message shows as Sent (the
// relay has it) during the outage, then as Delivered once Kit has it, and Kit has each once.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { useE2e } from '../helpers/e2e-browser';
import { kitReceived, log, openWidget, sendMessage, visit } from '../helpers/e2e-widget';

const OUTAGE_MS = 6_000;
const TEXTS = ['During the outage 1', 'During the outage 2', 'During the outage 3', 'During the outage 4', 'During the outage 5'];

const stateOf = (page: Page, text: string) => log(page).locator('.kc-msg--mine').filter({ hasText: text }).locator('.kc-state');

describe.skipIf(!browserAvailable())('widget during a Kit outage', () => {
  const e2e = useE2e();

  it('shows messages written while Kit answers 503 as Sent, then as Delivered once Kit recovers, each reaching Kit once', async () => {
    const { page } = await e2e.newPage();
    const { sim } = e2e.stack;
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await sendMessage(page, 'Before the outage');
    await kitReceived(sim, 'Before the outage');

    sim.faults.set({ sendStatus: 503 });
    const started = Date.now();
    for (const text of TEXTS) await sendMessage(page, text);
    await expect.poll(() => sim.stats().sendsRejected).toBeGreaterThan(0);
    for (const text of TEXTS) await expect.poll(() => stateOf(page, text).textContent()).toBe('Sent');
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - started)));
    sim.faults.clear();

    for (const text of TEXTS) {
      await expect.poll(() => stateOf(page, text).textContent(), { timeout: 15_000 }).toBe('Delivered');
    }
    const visitorMessages = sim.conversations().flatMap((c) => c.messages).filter((m) => m.from === 'visitor');
    expect(visitorMessages.map((m) => m.text)).toEqual(['Before the outage', ...TEXTS]);
    expect(visitorMessages.map((m) => sim.stats().sendsByMessageId[m.id])).toEqual(visitorMessages.map(() => 1));
  });
});
