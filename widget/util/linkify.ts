// Which links remote text and attachments may carry: only http, https, mailto and tel become a
// link (the markdown reader, util/markdown.ts, finds them); javascript:, data: and the rest
// stay inert text.
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
