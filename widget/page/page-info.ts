// What the session tells the operators about the page the visitor is on: its address, title
// and referrer, and the campaign's utm_* parameters, each bounded. Each message carries the
// page as it is when the visitor sends it, so single-page sites need nothing more: pushState,
// replaceState, back and forward (popstate) and hash changes all show in location and title,
// without patching the page's history object (a router holding its own pushState is covered too).
import type { MessagePage, PageInfo, UtmInfo } from '../../protocol/relay-api';

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;

/** The page a message is written on: address and title, bounded as the relay takes them. */
export const currentPage = (win: Window): MessagePage => ({ url: win.location.href.slice(0, 2000), title: win.document.title.slice(0, 300) });

export function describePage(win: Window): { page: PageInfo; utm?: UtmInfo } {
  const doc = win.document;
  const url = new URL(win.location.href);
  const utm: UtmInfo = {};
  for (const key of UTM_KEYS) {
    const value = url.searchParams.get(`utm_${key}`);
    if (value) utm[key] = value.slice(0, 200);
  }
  return {
    page: { ...currentPage(win), referrer: doc.referrer.slice(0, 2000) },
    ...(Object.keys(utm).length ? { utm } : {}),
  };
}
