// Locale choice: an explicit locale wins, then the browser's languages; English is the fallback.
// English ships with the app; other languages are chunks fetched when chosen (lazy/types.ts).
export type { Strings } from './en';

export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/** Picks the first supported language from the candidates, e.g. ['ru-RU', 'en'] → 'ru'. */
export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    const base = (c ?? '').toLowerCase().split(/[-_]/)[0]!;
    if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}
