// An operator's formatted reply as a visitor sees it: bold, italic, code, a code block, lists and
// a link, on a desktop and on a phone; the visitor's own text stays plain.
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { kitReceived, log, openWidget, panel, sendMessage, visit } from '../helpers/e2e-widget';

const REPLY = [
  'Thanks, **Jana**! Your order *#1042* left our roastery today.',
  '',
  'To follow it:',
  '1. Open [the tracking page](https://track.example/NW-1042)',
  '2. Enter the code `NW-1042`',
  '',
  'In the box:',
  '- Ethiopia Guji, 250 g',
  '- House Espresso, 1 kg',
  '',
  '```',
  'Parcel: NW-1042 · 1.4 kg · DHL',
  '```',
  'Questions? Write to mailto:hello@northwind.example',
].join('\n');

describe.skipIf(!browserAvailable())('formatted replies', () => {
  const e2e = useE2e();

  for (const [name, options] of [
    ['desktop', {}],
    ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
  ] as const) {
    it(`draws an operator's markdown and keeps the visitor's **stars** as typed (${name})`, async () => {
      const { page } = await e2e.newPage(options);
      await visit(page, `${e2e.stack.site.url}/`);
      await openWidget(page);
      await sendMessage(page, `Where is my **order** #1042? (${name})`);
      const visitorId = await kitReceived(e2e.stack.sim, `Where is my **order** #1042? (${name})`);
      await e2e.stack.sim.reply(visitorId, { text: REPLY });
      const reply = log(page).locator('.kc-md');
      await reply.waitFor();
      expect(await reply.locator('strong').allTextContents()).toEqual(['Jana']);
      expect(await reply.locator('em').allTextContents()).toEqual(['#1042']);
      expect(await reply.locator('ol > li').count()).toBe(2);
      expect(await reply.locator('ul > li').allTextContents()).toEqual(['Ethiopia Guji, 250 g', 'House Espresso, 1 kg']);
      expect(await reply.locator('pre').textContent()).toBe('Parcel: NW-1042 · 1.4 kg · DHL');
      expect(await reply.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
        'https://track.example/NW-1042',
        'mailto:hello@northwind.example',
      ]);
      const mine = log(page).getByText(`Where is my **order** #1042? (${name})`, { exact: true });
      expect(await mine.locator('strong').count()).toBe(0);
      const box = (await panel(page).boundingBox())!;
      const bubble = (await reply.boundingBox())!;
      expect(bubble.x + bubble.width).toBeLessThanOrEqual(box.x + box.width);
      await shoot(page, name === 'phone' ? 'phone-markdown' : 'markdown-reply');
    });
  }
});
