// Messages typed without a network wait in the widget's outbox and go out exactly once when
// the network returns, even when the page was reloaded in between.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { useE2e } from '../helpers/e2e-browser';
import { composer, kitReceived, log, openWidget, sendMessage, visit } from '../helpers/e2e-widget';
import type { KitSimulator } from '../../demo/kit-simulator/simulator';

/** The bubble's delivery state shown under a visitor message. */
const stateOf = (page: Page, text: string) =>
  log(page).locator('.kc-msg--mine').filter({ hasText: text }).locator('.kc-state');

function sendsOf(sim: KitSimulator, text: string): number {
  const message = sim.conversations().flatMap((c) => c.messages).find((m) => m.from === 'visitor' && m.text === text);
  return message ? (sim.stats().sendsByMessageId[message.id] ?? 0) : 0;
}

/** Types and sends without waiting for anything but the bubble. */
async function typeAndSend(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await log(page).getByText(text, { exact: true }).waitFor();
}

describe.skipIf(!browserAvailable())('sending without a network', () => {
  const e2e = useE2e();

  it('shows a message typed offline as waiting, then sends it exactly once when the network returns', async () => {
    const { page, context } = await e2e.newPage();
    const { sim } = e2e.stack;
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await sendMessage(page, 'Hello before the tunnel');
    await kitReceived(sim, 'Hello before the tunnel');

    await context.setOffline(true);
    await typeAndSend(page, 'Typed inside the tunnel');
    await expect.poll(() => stateOf(page, 'Typed inside the tunnel').textContent()).toBe('Waiting for network');
    expect(sendsOf(sim, 'Typed inside the tunnel')).toBe(0);

    await context.setOffline(false);
    await kitReceived(sim, 'Typed inside the tunnel');
    await expect.poll(() => stateOf(page, 'Typed inside the tunnel').textContent(), { timeout: 10_000 }).toMatch(/^(Sent|Delivered)$/);

    // A later message going through proves the first had every chance to be sent twice.
    await sendMessage(page, 'Out of the tunnel');
    await kitReceived(sim, 'Out of the tunnel');
    expect(sendsOf(sim, 'Typed inside the tunnel')).toBe(1);
  });

  it('keeps a message typed offline across a reload and sends it once the relay is reachable', async () => {
    const { page, context } = await e2e.newPage();
    const { sim, relay } = e2e.stack;
    await visit(page, `${e2e.stack.site.url}/contact.html`);
    await openWidget(page);
    await sendMessage(page, 'Первое сообщение');
    await kitReceived(sim, 'Первое сообщение');

    await context.setOffline(true);
    await typeAndSend(page, 'Написано без сети');
    // The page can only reload with a network: bring it back but keep the relay's API unreachable.
    await context.route(`${relay.url}/v1/**`, (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.reload();
    await log(page).getByText('Написано без сети', { exact: true }).waitFor();
    await expect.poll(() => stateOf(page, 'Написано без сети').textContent()).toBe('Ожидает сети');
    expect(sendsOf(sim, 'Написано без сети')).toBe(0);

    await context.unroute(`${relay.url}/v1/**`);
    await kitReceived(sim, 'Написано без сети');
    await expect.poll(() => stateOf(page, 'Написано без сети').textContent(), { timeout: 10_000 }).toMatch(/^(Отправлено|Доставлено)$/);
    await sendMessage(page, 'Сеть вернулась');
    await kitReceived(sim, 'Сеть вернулась');
    expect(sendsOf(sim, 'Написано без сети')).toBe(1);
  });
});
