// Locale choice: an explicit locale wins, then the browser's languages; English is the fallback.
// English ships with the app (en.ts) and with each part fetched later (en-more.ts); every other
// language is one chunk with all of its strings (ru.ts, de.ts, …), fetched when chosen. A new
// language: its file here, its name in LOCALES, a two-line widget/chunks/xx.ts.
import type { CoreStrings } from './en';
import type { MoreStrings } from './en-more';

export type { CoreStrings } from './en';
/** Every string of the widget: what a language chunk brings. */
export type Strings = CoreStrings & MoreStrings;
/** What the widget holds in its language: everything, or in English the app's own strings only. */
export type LoadedStrings = CoreStrings & Partial<MoreStrings>;

export const LOCALES = ['en', 'ru', 'de', 'es', 'fr', 'pt'] as const;
export type Locale = (typeof LOCALES)[number];

/** Picks the first supported language from the candidates, e.g. ['ru-RU', 'en'] → 'ru'. */
export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    const base = (c ?? '').toLowerCase().split(/[-_]/)[0]!;
    if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}
