// Splits remote text into plain text and safe links. Only http, https, mailto and tel become
// links; everything else (javascript:, data:, HTML) stays inert text.
export type TextPart = { text: string; href?: string };

const LINK_RE = /\b(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+|tel:\+?[\d][\d\-().]*\d)/gi;
const TRAILING_RE = /[.,;:!?'"\]]+$/;
const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:', 'tel:'];

/** Returns a URL when `href` uses an allowed protocol, else null. */
export function safeUrl(href: string | undefined, protocols = SAFE_PROTOCOLS): string | null {
  if (!href) return null;
  try {
    const url = new URL(href);
    return protocols.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function trimLink(raw: string): string {
  let link = raw.replace(TRAILING_RE, '');
  // A closing parenthesis belongs to the link only when the link opened one: "(see https://x.y/a)".
  while (link.endsWith(')') && (link.match(/\(/g) ?? []).length < (link.match(/\)/g) ?? []).length) {
    link = link.slice(0, -1).replace(TRAILING_RE, '');
  }
  return link;
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK_RE)) {
    const start = match.index ?? 0;
    const link = trimLink(match[0]);
    const href = safeUrl(link);
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: link, href });
    last = start + link.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
