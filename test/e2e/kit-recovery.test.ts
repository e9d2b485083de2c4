// Delivery after Kit recovers: with a long backoff, messages written during an outage wait for
// their next slot only until any send to Kit succeeds again (here another visitor's message);
// meanwhile the widget marks them Sent with one tick, and Delivered with two.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { kitReceived, log, openWidget, sendMessage, visit } from '../helpers/e2e-widget';

/** Backoff slots of 60 s and more: a message that waited for its slot would take at least 30 s. */
const BACKOFF_BASE_MS = 60_000;

const stateOf = (page: Page, text: string) => log(page).locator('.kc-msg--mine').filter({ hasText: text }).locator('.kc-state');
/** What the state shows besides its word: the ticks drawn before it. */
const ticks = (page: Page, text: string) =>
  stateOf(page, text).evaluate((el) => getComputedStyle(el, '::before').content);

describe.skipIf(!browserAvailable())('delivery after Kit recovers', () => {
  const e2e = useE2e({ env: { RELAY_OUTBOX_BACKOFF_BASE_MS: String(BACKOFF_BASE_MS), RELAY_OUTBOX_BACKOFF_MAX_MS: '120000' } });

  it('delivers messages waiting in backoff as soon as Kit takes another message, in order, and ticks them', async () => {
    const { sim } = e2e.stack;
    const first = await e2e.newPage();
    await visit(first.page, `${e2e.stack.site.url}/`);
    await openWidget(first.page);

    sim.faults.set({ sendStatus: 503 });
    for (const text of ['Written during the outage', 'And a second one']) await sendMessage(first.page, text);
    await expect.poll(() => sim.stats().sendsRejected).toBeGreaterThan(0);
    await expect.poll(() => stateOf(first.page, 'Written during the outage').textContent()).toBe('Sent');
    const sentTicks = await ticks(first.page, 'Written during the outage');
    expect(sentTicks).toMatch(/✓/);
    await shoot(first.page, 'kit-waiting-sent');
    sim.faults.clear();

    // Another visitor writes once Kit is back: that send succeeds, and the waiting ones follow.
    const second = await e2e.newPage();
    await visit(second.page, `${e2e.stack.site.url}/`);
    await openWidget(second.page);
    const recoveredAt = Date.now();
    await sendMessage(second.page, 'Kit is back, is it?');
    await kitReceived(sim, 'Kit is back, is it?');
    for (const text of ['Written during the outage', 'And a second one']) {
      await expect.poll(() => stateOf(first.page, text).textContent(), { timeout: 8_000 }).toBe('Delivered');
    }
    // Well inside the first backoff slot (at least half of BACKOFF_BASE_MS).
    expect(Date.now() - recoveredAt).toBeLessThan(BACKOFF_BASE_MS / 2);
    const deliveredTicks = await ticks(first.page, 'Written during the outage');
    expect(deliveredTicks).toMatch(/✓✓/);
    expect(deliveredTicks).not.toBe(sentTicks);
    await shoot(first.page, 'kit-recovered-delivered');

    const visitorMessages = sim.conversations().flatMap((c) => c.messages).filter((m) => m.from === 'visitor');
    const order = visitorMessages.map((m) => m.text).filter((t) => t !== 'Kit is back, is it?');
    expect(order).toEqual(['Written during the outage', 'And a second one']);
  });
});
