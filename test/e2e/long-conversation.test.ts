// A long conversation in the browser: it opens at its newest messages, and scrolling to the top
// brings the older ones in, page by page, without moving what the visitor is reading.
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { useE2e } from '../helpers/e2e-browser';
import { log } from '../helpers/e2e-widget';
import { resumeIn, seedConversation } from '../helpers/long-conversation';

describe.skipIf(!browserAvailable())('long conversations', () => {
  const e2e = useE2e();

  it('opens at the newest messages and loads older ones at the top, keeping the scroll position', async () => {
    const conversation = await seedConversation(e2e.stack, 600, e2e.stack.site.url);
    const { page } = await e2e.newPage();
    await resumeIn(page, conversation);
    await page.goto(`${e2e.stack.site.url}/`);
    await log(page).getByText(conversation.newest, { exact: true }).waitFor();
    const bubbles = log(page).locator('.kc-bubble .kc-text');
    // The newest window only: about a hundred entries, not six hundred.
    const opened = await bubbles.count();
    expect(opened).toBeGreaterThan(30);
    expect(opened).toBeLessThan(100);

    for (let round = 0; round < 3; round++) {
      const text = (await bubbles.first().textContent())!;
      // To the top, and where the oldest message is drawn then (before the next page can arrive).
      const before = await log(page).evaluate((el) => {
        el.scrollTo({ top: 0 });
        return el.querySelector('.kc-bubble .kc-text')!.getBoundingClientRect().top;
      });
      await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBeGreaterThan(opened + round * 60);
      await log(page).locator('.kc-older [role="status"]').waitFor({ state: 'detached' });
      const after = (await log(page).getByText(text, { exact: true }).boundingBox())!.y;
      // The message that was at the top stays where it was, the older ones above it, out of view.
      expect(Math.abs(after - before)).toBeLessThan(3);
    }
    // To the very first message, and no further.
    for (let i = 0; i < 10 && !(await log(page).getByText(conversation.textOf(1), { exact: true }).count()); i++) {
      await log(page).evaluate((el) => el.scrollTo({ top: 0 }));
      await page.waitForTimeout(300);
    }
    await log(page).getByText(conversation.textOf(1), { exact: true }).waitFor();
    expect(await bubbles.count()).toBe(400);
  });
});
