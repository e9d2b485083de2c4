// The widget's language: chosen from the embed option and the browser, switchable at run time.
// English ships with the app; another language's strings arrive with its plug-in, which adds
// them here (plugins/locale.ts).
import { computed, signal } from '@preact/signals';
import { en } from '../i18n/en';
import { resolveLocale, type LoadedStrings, type Locale, type Strings } from '../i18n/index';

export type LocaleModel = ReturnType<typeof createLocale>;

export function createLocale(deps: {
  /** The embed option first, then the browser's languages. */
  preferred: readonly (string | null | undefined)[];
  /** Fetches a language's plug-in, which adds its strings. */
  load: (locale: Exclude<Locale, 'en'>) => Promise<unknown>;
  onError: (error: unknown) => void;
}) {
  const locale = signal<Locale>(resolveLocale(...deps.preferred));
  const loaded = signal<Partial<Record<Locale, LoadedStrings>>>({ en });
  // English until the chosen language's strings arrive (the app waits for them before drawing).
  const strings = computed<LoadedStrings>(() => loaded.value[locale.value] ?? en);
  const fetchStrings = (name: Locale): Promise<void> =>
    name === 'en' || loaded.peek()[name] ? Promise.resolve() : deps.load(name).then(() => {}, deps.onError);
  let ready: Promise<void> | null = null;
  return {
    locale,
    strings,
    /** Run by a language's plug-in. */
    add(name: Locale, s: Strings): void {
      loaded.value = { ...loaded.value, [name]: s };
    },
    /** Resolves once the strings of the latest language asked for are here (or could not be fetched). */
    whenReady: () => (ready ??= fetchStrings(locale.peek())),
    /** Switches once the strings are here, so the panel never shows a half-translated state. */
    set(next: string): void {
      const name = resolveLocale(next);
      ready = fetchStrings(name).then(() => void (locale.value = name));
    },
  };
}
