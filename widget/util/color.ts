// Accent colour handling: accepts only hex colours and picks readable text on top of them.
export const DEFAULT_ACCENT = '#3b5bdb';

/** Normalises `#rgb` / `#rrggbb` to `#rrggbb`; anything else gives null. */
export function parseHex(input: string | null | undefined): string | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((input ?? '').trim());
  if (!m) return null;
  const hex = m[1]!;
  return '#' + (hex.length === 3 ? hex.replace(/./g, (c) => c + c) : hex).toLowerCase();
}

/** WCAG relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

/** Black or white, whichever contrasts more with the accent. */
export function textOn(hex: string): string {
  // Contrast with white is 1.05/(L+0.05), with black (L+0.05)/0.05; equal at L ≈ 0.179.
  return luminance(hex) > 0.179 ? '#111' : '#fff';
}
