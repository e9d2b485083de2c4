// Two tabs of the same site (one browser context, so one localStorage): one visitor, one
// conversation. History comes from storage, live entries from each tab's own event stream.
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { kitReceived, launcher, log, openWidget, panel, replyInConsole, sendMessage, visit } from '../helpers/e2e-widget';

describe.skipIf(!browserAvailable())('the same visitor in two tabs', () => {
  const e2e = useE2e();

  it('shows one conversation in both tabs, with the operator reply and each tab\'s messages in both', async () => {
    const { sim, site } = e2e.stack;
    const { context, page: tabA } = await e2e.newPage();
    const tabB = await context.newPage();
    await visit(tabA, `${site.url}/`);
    await visit(tabB, `${site.url}/shop.html`);

    const first = 'Do you grind the Huila for a French press?';
    await openWidget(tabA);
    await sendMessage(tabA, first);
    const clientId = await kitReceived(sim, first);

    await openWidget(tabB);
    await log(tabB).getByText(first, { exact: true }).waitFor();

    const operator = await context.newPage();
    await operator.goto(sim.consoleUrl);
    const reply = 'Yes: coarse, like sea salt.';
    await replyInConsole(operator, first, reply);
    await log(tabA).getByText(reply, { exact: true }).waitFor();
    await log(tabB).getByText(reply, { exact: true }).waitFor();

    const second = 'Great, one bag of the Huila then.';
    await sendMessage(tabB, second);
    await log(tabA).getByText(second, { exact: true }).waitFor();
    expect(await kitReceived(sim, second)).toBe(clientId);
    expect(sim.conversations().map((c) => c.clientId)).toEqual([clientId]);
    // Each message once in each tab: the stream and the stored history do not double it.
    for (const tab of [tabA, tabB]) {
      for (const text of [first, reply, second]) expect(await log(tab).getByText(text, { exact: true }).count()).toBe(1);
    }
    await shoot(tabA, 'two-tabs-a');
    await shoot(tabB, 'two-tabs-b');
    await operator.close();
  });

  it('closes the panel in the other tab too when the visitor closes it in one', async () => {
    const { context, page: tabA } = await e2e.newPage();
    const tabB = await context.newPage();
    await visit(tabA, `${e2e.stack.site.url}/`);
    await openWidget(tabA);
    await sendMessage(tabA, 'Which beans are best for espresso?');
    // A stored session with the panel open: the second tab opens with it.
    await tabB.goto(`${e2e.stack.site.url}/`);
    await expect.poll(() => panel(tabB).isVisible(), { timeout: 10_000 }).toBe(true);

    await launcher(tabA).click();
    await expect.poll(() => panel(tabA).isVisible()).toBe(false);
    await expect.poll(() => panel(tabB).isVisible()).toBe(false);
    await expect.poll(() => launcher(tabB).getAttribute('aria-expanded')).toBe('false');
  });
});
