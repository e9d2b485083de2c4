// strict.html: a strict Content-Security-Policy and a global stylesheet that attacks every
// element it can reach. The widget must look as on the plain page, work, and break no policy.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { shoot, useE2e } from '../helpers/e2e-browser';
import { composer, kitReceived, launcher, log, openWidget, panel, sendMessage, visit } from '../helpers/e2e-widget';
import { png } from '../helpers/png';

// The operator's files live on another origin, as Kit's do: a picture and the avatar, in PNG.
const operatorFiles = createServer((req, res) => {
  const body = req.url === '/avatar.png' ? png(48, 48, [30, 100, 190]) : png(120, 80, [210, 120, 40]);
  res.writeHead(200, { 'content-type': 'image/png' }).end(body);
});
await new Promise<void>((resolve) => operatorFiles.listen(0, '127.0.0.1', resolve));
const FILES_HOST = `127.0.0.1:${(operatorFiles.address() as AddressInfo).port}`;

interface Geometry {
  launcher: { x: number; y: number; width: number; height: number };
  icon: { x: number; y: number; width: number; height: number };
  panel: { x: number; y: number; width: number; height: number };
  fontSize: string;
  fontFamily: string;
}

async function geometry(page: Page): Promise<Geometry> {
  const closed = (await launcher(page).boundingBox())!;
  const icon = (await launcher(page).locator('svg').boundingBox())!;
  await openWidget(page);
  const open = (await panel(page).boundingBox())!;
  const style = await composer(page).evaluate((el) => {
    const s = getComputedStyle(el);
    return { fontSize: s.fontSize, fontFamily: s.fontFamily };
  });
  return { launcher: closed, icon, panel: open, ...style };
}

/** Records CSP violations and console errors from the first script on. */
async function watchProblems(page: Page): Promise<() => Promise<string[]>> {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...problems, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];
}

describe.skipIf(!browserAvailable())('the widget on a hostile, strict-CSP page', () => {
  const e2e = useE2e({ env: { RELAY_MEDIA_ALLOWED_HOSTS: FILES_HOST }, simulator: { agent: { avatarUrl: `http://${FILES_HOST}/avatar.png` } } });
  afterAll(() => void operatorFiles.close());

  it('looks the same as on the plain page despite the hostile stylesheet, and sends', async () => {
    const plain = await e2e.newPage();
    await visit(plain.page, `${e2e.stack.site.url}/`);
    const reference = await geometry(plain.page);

    const { page } = await e2e.newPage();
    await visit(page, `${e2e.stack.site.url}/strict.html`);
    await shoot(page, 'hostile-page-closed');
    const hostile = await geometry(page);

    for (const key of ['x', 'y', 'width', 'height'] as const) {
      expect(Math.abs(hostile.launcher[key] - reference.launcher[key]), `launcher ${key}`).toBeLessThanOrEqual(1);
      expect(Math.abs(hostile.icon[key] - reference.icon[key]), `launcher icon ${key}`).toBeLessThanOrEqual(1);
      expect(Math.abs(hostile.panel[key] - reference.panel[key]), `panel ${key}`).toBeLessThanOrEqual(1);
    }
    expect(hostile.fontSize).toBe(reference.fontSize);
    expect(hostile.fontFamily).toBe(reference.fontFamily);

    await sendMessage(page, 'Writing from the hostile page');
    await kitReceived(e2e.stack.sim, 'Writing from the hostile page');
    await shoot(page, 'hostile-page');
  });

  it('reports no CSP violation or console error while loading, opening, sending and receiving an operator picture and avatar', async () => {
    const { page } = await e2e.newPage();
    const problems = await watchProblems(page);
    const response = await page.goto(`${e2e.stack.site.url}/strict.html`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    // Images only from the page and the relay: the operator's file host is not allowed.
    expect(csp).toMatch(/img-src 'self' data: http:\/\/127\.0\.0\.1:\d+;/);
    await launcher(page).waitFor();
    await openWidget(page);
    await sendMessage(page, 'Strict hello');
    const visitorId = await kitReceived(e2e.stack.sim, 'Strict hello');
    await e2e.stack.sim.reply(visitorId, { text: 'Strict reply', payload: [{ type: 'photo', file_url: `http://${FILES_HOST}/label.png`, file_name: 'label.png' }] });
    await log(page).getByText('Strict reply', { exact: true }).waitFor();
    await log(page).getByText(/Delivered/).first().waitFor();
    // Both come from the relay, and both decoded to real pixels.
    const images = log(page).locator('img');
    await expect.poll(() => images.evaluateAll((els) => els.filter((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth > 0).length)).toBe(2);
    const sources = await images.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src));
    for (const src of sources) expect(src.startsWith(`${e2e.stack.relay.url}/files/`)).toBe(true);
    await shoot(page, 'strict-operator-media');
    expect(await problems()).toEqual([]);
  });
});
