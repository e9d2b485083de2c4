// Before the visitor touches the chat, a page pays only for the small loader: no API calls,
// nothing in storage, a few kilobytes over the wire. data-storage="memory" never stores at all.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { browserAvailable } from '../helpers/browser';
import { useE2e } from '../helpers/e2e-browser';
import { kitReceived, openWidget, sendMessage, visit } from '../helpers/e2e-widget';

const LOADER_BUDGET_BYTES = 20 * 1024;

const storageContents = (page: Page) =>
  page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));

/** Every response from the relay, with its body's gzip size, in arrival order. */
function recordRelay(page: Page, relayUrl: string) {
  const seen: { path: string; gzipBytes: Promise<number> }[] = [];
  page.on('response', (response: Response) => {
    if (!response.url().startsWith(`${relayUrl}/`)) return;
    const path = new URL(response.url()).pathname;
    // Event streams never end; their size is not a download.
    const gzipBytes = path.startsWith('/v1/events') ? Promise.resolve(0) : response.body().then((b) => gzipSync(b, { level: 9 }).length, () => 0);
    seen.push({ path, gzipBytes });
  });
  return seen;
}

describe.skipIf(!browserAvailable())('a page before the visitor opens the chat', () => {
  const e2e = useE2e();

  it('fetches only the loader from the relay, stores nothing, and stays under 20 KB gzipped', async () => {
    const { page } = await e2e.newPage();
    const seen = recordRelay(page, e2e.stack.relay.url);
    await visit(page, `${e2e.stack.site.url}/`);
    await page.waitForLoadState('networkidle');

    expect(seen.map((r) => r.path)).toEqual(['/widget.js']);
    expect(await storageContents(page)).toEqual({ local: {}, session: {} });
    const before = await Promise.all(seen.map(async (r) => ({ path: r.path, gzip: await r.gzipBytes })));
    const total = before.reduce((sum, r) => sum + r.gzip, 0);
    console.log(`Before opening the chat the page downloads from the relay: ${before.map((r) => `${r.path} ${r.gzip} B`).join(', ')}; total ${total} B gzipped (budget ${LOADER_BUDGET_BYTES} B).`);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(LOADER_BUDGET_BYTES);

    await openWidget(page);
    const isApp = (path: string) => /^\/widget\/app-[\w-]+\.js$/.test(path);
    await expect.poll(() => seen.some((r) => isApp(r.path))).toBe(true);
    const code = seen.filter((r) => r.path.endsWith('.js'));
    const opened = await Promise.all(code.map(async (r) => `${r.path} ${await r.gzipBytes} B`));
    console.log(`After opening, widget code downloaded (gzipped): ${opened.join(', ')}.`);
  });

  it('keeps nothing in browser storage with data-storage="memory", even while chatting', async () => {
    const url = e2e.stack.pages.add('/memory.html', `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <title>Private shop</title><script src="%RELAY_URL%/widget.js" async data-storage="memory"></script></head>
      <body><h1>We keep nothing on your device</h1></body></html>`);
    const { page } = await e2e.newPage();
    const seen = recordRelay(page, e2e.stack.relay.url);
    await visit(page, url);
    await page.waitForLoadState('networkidle');
    expect(seen.map((r) => r.path)).toEqual(['/widget.js']);

    await openWidget(page);
    await sendMessage(page, 'Remember nothing, please');
    await kitReceived(e2e.stack.sim, 'Remember nothing, please');
    expect(await storageContents(page)).toEqual({ local: {}, session: {} });
    expect(await page.context().cookies()).toEqual([]);
  });
});
