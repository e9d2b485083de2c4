// A conversation the operator (or a bot, or the inactivity timer) closes: the notice says who,
// "Start a new conversation" puts the visitor back in the composer, and "Download conversation"
// saves a plain text transcript with times, names, text and attachment links.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { composer, kitReceived, log, openWidget, panel, sendMessage, visit } from '../helpers/e2e-widget';

describe.skipIf(!browserAvailable())('closed conversations', () => {
  const e2e = useE2e();

  it('says who closed it, starts anew on request, and downloads the transcript', async () => {
    const { page } = await e2e.newPage({ acceptDownloads: true });
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await sendMessage(page, 'Can I change my delivery address?');
    const visitorId = await kitReceived(e2e.stack.sim, 'Can I change my delivery address?');
    const { sim } = e2e.stack;
    await sim.reply(visitorId, { text: 'Done! The **new address** is on the label. Your invoice:' });
    await sim.reply(visitorId, { attachmentUrl: `${sim.url}/console/agent.svg` });
    await sim.closeConversation(visitorId, 'CLOSED_BY_AGENT');
    const notice = log(page).getByText('An operator closed this conversation.');
    await notice.waitFor();
    const start = log(page).getByRole('button', { name: 'Start a new conversation' });
    await start.waitFor();
    await shoot(page, 'closed-notice');

    const menuButton = panel(page).getByRole('button', { name: 'More options' });
    await menuButton.click();
    const download = page.waitForEvent('download');
    await panel(page).getByRole('menuitem', { name: 'Download conversation' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^conversation-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = await readFile((await file.path())!, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('Conversation with Northwind Coffee');
    expect(lines[1]).toMatch(/^Saved \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M$/);
    expect(text).toMatch(/\n\[\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M\] You: Can I change my delivery address\?\n/);
    expect(text).toMatch(/\] Anna Petrova: Done! The \*\*new address\*\* is on the label\. Your invoice:\n/);
    expect(text).toContain(`    Attachment: agent.svg ${sim.url}/console/agent.svg`);
    expect(text).toMatch(/— An operator closed this conversation\. —\n$/);

    await start.click();
    await log(page).getByText('Conversation closed', { exact: true }).waitFor();
    expect(await notice.count()).toBe(0);
    expect(await composer(page).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await sendMessage(page, 'One more thing');
    await kitReceived(e2e.stack.sim, 'One more thing');
    expect(sim.conversations().filter((c) => c.clientId === visitorId)).toHaveLength(2);
  });

  it.each([
    ['CLOSED_BY_BOT', 'The assistant closed this conversation.'],
    ['CLOSED_BY_CLIENT_TIMEOUT', 'This conversation was closed after a period of inactivity.'],
  ] as const)('says so when %s', async (reason, notice) => {
    const { page } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/`);
    await openWidget(page);
    await sendMessage(page, `Closing by ${reason}`);
    const visitorId = await kitReceived(e2e.stack.sim, `Closing by ${reason}`);
    await e2e.stack.sim.closeConversation(visitorId, reason);
    await log(page).getByText(notice).waitFor();
  });
});
