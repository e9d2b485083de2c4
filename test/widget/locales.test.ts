// Every language has every string: the app's own (en.ts) and those of every part fetched later
// (en-more.ts), each of the same kind as the English one, none empty.
import { describe, expect, it } from 'vitest';
import { en } from '../../widget/i18n/en';
import * as more from '../../widget/i18n/en-more';
import { de } from '../../widget/i18n/de';
import { es } from '../../widget/i18n/es';
import { fr } from '../../widget/i18n/fr';
import { LOCALES, resolveLocale, type Strings } from '../../widget/i18n/index';
import { pt } from '../../widget/i18n/pt';
import { ru } from '../../widget/i18n/ru';

const english = { ...en, ...Object.assign({}, ...Object.values(more).filter((v) => typeof v === 'object')) } as Strings;
const others: Record<string, Strings> = { ru, de, es, fr, pt };
/** A string as shown: functions with a count (plurals) and with names. */
const render = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map(String);
  const fn = value as (...args: unknown[]) => string;
  return [fn(1), fn(2), fn(5), fn(21), fn(-3), fn('report.pdf', '10 MB')];
};

describe('locales', () => {
  it('are the six languages the widget speaks, each with a chunk', () => {
    expect([...LOCALES].sort()).toEqual(['de', 'en', 'es', 'fr', 'pt', 'ru']);
    expect(Object.keys(others).sort()).toEqual(LOCALES.filter((l) => l !== 'en').sort());
  });

  it.each(Object.entries(others))('%s has every English key, of the same kind, and nothing else', (_name, strings) => {
    expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english) as (keyof Strings)[]) {
      const [mine, theirs] = [english[key], strings[key]];
      expect(typeof theirs, key).toBe(typeof mine);
      expect(Array.isArray(theirs), key).toBe(Array.isArray(mine));
      if (Array.isArray(mine)) expect((theirs as unknown[]).length, key).toBe(mine.length);
      for (const text of render(theirs)) expect(text.trim(), key).not.toBe('');
    }
  });

  it.each(Object.entries(others))('%s speaks its own language (most strings differ from English)', (_name, strings) => {
    const same = (Object.keys(english) as (keyof Strings)[]).filter((k) => typeof english[k] === 'string' && english[k] === strings[k]);
    expect(same.length).toBeLessThan(Object.keys(english).length / 6);
  });

  it('picks a language from the embed option, then the browser', () => {
    expect(resolveLocale('de-AT', 'en')).toBe('de');
    expect(resolveLocale(undefined, 'pt-BR')).toBe('pt');
    expect(resolveLocale('es_MX')).toBe('es');
    expect(resolveLocale('fr-CA')).toBe('fr');
    expect(resolveLocale('it', 'ja')).toBe('en');
  });
});
