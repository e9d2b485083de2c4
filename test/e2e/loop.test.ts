// The core loop in a real browser: a visitor writes on the demo site, the operator reads and
// answers in the console, the visitor sees the answer; then a reload brings it all back.
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { composer, kitReceived, launcher, log, openWidget, panel, replyInConsole, sendMessage, visit } from '../helpers/e2e-widget';

describe.skipIf(!browserAvailable())('visitor and operator talking through the demo site', () => {
  const e2e = useE2e();

  it('carries a visitor message to the operator console and the reply back to the widget with the agent name', async () => {
    const { page, context } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/`);
    await shoot(page, 'closed');
    await openWidget(page);
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await expect.poll(() => launcher(page).getAttribute('aria-expanded')).toBe('true');
    await page.getByText('We usually answer within a few minutes').waitFor();
    await shoot(page, 'open-greeting');

    await sendMessage(page, 'Do you ship the Guji beans to Lisbon?');
    await kitReceived(e2e.stack.sim, 'Do you ship the Guji beans to Lisbon?');
    await log(page).getByText('Delivered').waitFor();

    const operator = await context.newPage();
    await operator.goto(e2e.stack.sim.consoleUrl);
    await replyInConsole(operator, 'Do you ship the Guji beans to Lisbon?', 'Yes, Lisbon takes two to three days.');
    await shoot(operator, 'operator-console');

    const reply = log(page).getByText('Yes, Lisbon takes two to three days.', { exact: true });
    await reply.waitFor();
    await log(page).getByText('Anna Petrova', { exact: true }).waitFor();
    await shoot(page, 'conversation');
    await operator.close();

    // Reload: the history and the open panel come back without the visitor doing anything.
    await page.reload();
    await expect.poll(() => panel(page).isVisible(), { timeout: 10_000 }).toBe(true);
    await log(page).getByText('Do you ship the Guji beans to Lisbon?', { exact: true }).waitFor();
    await log(page).getByText('Yes, Lisbon takes two to three days.', { exact: true }).waitFor();
    expect(await composer(page).isVisible()).toBe(true);
  });

  it('keeps the conversation closed after a reload when the visitor closed the panel', async () => {
    const { page } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/shop.html`);
    await openWidget(page);
    await sendMessage(page, 'Is the espresso blend good for moka pots?');
    await kitReceived(e2e.stack.sim, 'Is the espresso blend good for moka pots?');
    await launcher(page).click();
    await expect.poll(() => panel(page).isVisible()).toBe(false);

    await page.reload();
    // A stored session makes the app load at once; once it has rendered, the panel must stay shut.
    await page.locator('#kitchat-widget .kc-root').waitFor({ state: 'attached' });
    expect(await panel(page).isVisible()).toBe(false);
    await openWidget(page);
    await log(page).getByText('Is the espresso blend good for moka pots?', { exact: true }).waitFor();
  });
});
