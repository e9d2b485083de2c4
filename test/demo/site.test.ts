// The demo site as a visitor's browser fetches it: every page with its favicon, and a
// right-to-left page whose widget follows the page's direction.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../demo/site/server';

let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite({ relayUrl: 'http://relay.test' });
});
afterAll(() => site.close());

const PAGES = readdirSync(new URL('../../demo/site/public/', import.meta.url)).filter((f) => f.endsWith('.html'));

describe('the demo site', () => {
  it('gives every page a favicon it serves', async () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(5);
    for (const page of PAGES) {
      const html = await (await fetch(`${site.url}/${page}`)).text();
      expect(html, page).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    }
    const icon = await fetch(`${site.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
  });

  it('has a right-to-left page in Arabic, linked from the home page, with the real script tag', async () => {
    const html = await (await fetch(`${site.url}/ar.html`)).text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toMatch(/[\u0600-\u06FF]{4,}/);
    expect(html).toContain('<script src="http://relay.test/widget.js" async');
    expect(await (await fetch(`${site.url}/`)).text()).toContain('href="/ar.html"');
  });
});
