// What the session tells the operators about the page the visitor is on: its address, title
// and referrer, and the campaign's utm_* parameters, each bounded.
import type { PageInfo, UtmInfo } from '../../protocol/relay-api';

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

export function describePage(win: Window): { page: PageInfo; utm?: UtmInfo } {
  const doc = win.document;
  const url = new URL(win.location.href);
  const utm: UtmInfo = {};
  for (const key of UTM_KEYS) {
    const value = url.searchParams.get(`utm_${key}`);
    if (value) utm[key] = value.slice(0, 200);
  }
  return {
    page: { url: url.href.slice(0, 2000), title: doc.title.slice(0, 300), referrer: doc.referrer.slice(0, 2000) },
    ...(Object.keys(utm).length ? { utm } : {}),
  };
}
