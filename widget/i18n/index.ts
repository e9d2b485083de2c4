// Locale choice: an explicit locale wins, then the browser's languages; English is the fallback.
import { en, type Strings } from './en';
import { ru } from './ru';

export type { Strings };
const LOCALES: Record<string, Strings> = { en, ru };

/** Picks the first supported language from the candidates, e.g. ['ru-RU', 'en'] → 'ru'. */
export function resolveLocale(...candidates: (string | null | undefined)[]): string {
  for (const c of candidates) {
    const base = (c ?? '').toLowerCase().split(/[-_]/)[0]!;
    if (base in LOCALES) return base;
  }
  return 'en';
}

export function stringsFor(locale: string): Strings {
  return LOCALES[resolveLocale(locale)]!;
}
