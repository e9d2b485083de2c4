// The widget's language: chosen from the embed option and the browser, switchable at run time.
// English ships with the app; another language's strings are a chunk fetched when chosen.
import { computed, signal } from '@preact/signals';
import { en, type Strings } from '../i18n/en';
import { resolveLocale, type Locale } from '../i18n/index';
import type { LoadChunk } from '../lazy/types';

export function createLocale(win: Window, preferred: string | undefined, loadChunk: LoadChunk, onError: (error: unknown) => void) {
  const locale = signal<Locale>(resolveLocale(preferred, ...(win.navigator.languages ?? []), win.navigator.language));
  const loaded = signal<Partial<Record<Locale, Strings>>>({ en });
  // English until the chosen language's chunk arrives (the app waits for it before drawing).
  const strings = computed(() => loaded.value[locale.value] ?? en);
  const fetchStrings = (name: Locale): Promise<void> =>
    loaded.peek()[name]
      ? Promise.resolve()
      : loadChunk(name as Exclude<Locale, 'en'>).then((s) => void (loaded.value = { ...loaded.value, [name]: s }), onError);
  let ready = fetchStrings(locale.peek());
  return {
    locale,
    strings,
    /** Resolves once the strings of the latest language asked for are here (or could not be fetched). */
    whenReady: () => ready,
    /** Switches once the strings are here, so the panel never shows a half-translated state. */
    set(next: string): void {
      const name = resolveLocale(next);
      ready = fetchStrings(name).then(() => void (locale.value = name));
    },
  };
}
