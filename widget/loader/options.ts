// Embed options from the script tag's data-* attributes, validated and bounded. The loader
// reads only what the launcher needs (readOptions); the app completes the rest (appOptions).
import type { StorageMode } from '../util/storage';

/** What the loader reads and hands to the app, with the raw data-* values for the rest. */
export interface LoaderOptions {
  /** The relay's base URL: the script's folder, so a relay mounted under a path works too. */
  base: string;
  /** Where the app chunk lives: `${base}/widget`. */
  assetsUrl: string;
  pageUrl: string;
  data: Record<string, string | undefined>;
  accent?: string;
  position: 'left' | 'right';
  locale?: string;
  launcherText?: string;
  storage: StorageMode;
  dir?: 'ltr' | 'rtl';
  /** The loader's CSP nonce, passed on to the app chunk's script element. */
  nonce?: string;
}

export interface EmbedOptions extends Omit<LoaderOptions, 'base' | 'pageUrl'> {
  /** The relay's base URL (no trailing slash); where the script came from unless data-relay says. */
  relayUrl: string;
  title?: string;
  greeting?: string;
  sound: boolean;
}

const text = (value: string | undefined, max: number) => value?.trim().slice(0, max) || undefined;

export function findScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript as HTMLScriptElement | null;
  if (current?.src) return current;
  // `async` scripts may run after currentScript is cleared: find ours by its file name.
  const all = doc.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return all[all.length - 1] ?? null;
}

export function readOptions(script: HTMLScriptElement | null, pageUrl: string): LoaderOptions {
  const data = { ...script?.dataset };
  // The script's folder, so a relay mounted under a path keeps it: …/support/widget.js → …/support
  const base = new URL('.', script?.src || pageUrl).href.slice(0, -1);
  return {
    base,
    assetsUrl: `${base}/widget`,
    pageUrl,
    data,
    accent: text(data.accent, 16),
    position: data.position === 'left' ? 'left' : 'right',
    locale: text(data.locale, 16),
    launcherText: text(data.launcherText, 40),
    storage: data.storage === 'session' || data.storage === 'memory' ? data.storage : 'local',
    dir: data.dir === 'rtl' || data.dir === 'ltr' ? data.dir : undefined,
    nonce: script?.nonce || undefined,
  };
}

/**
 * The options only the app uses, read from the data-* values the loader kept. The parts fetched
 * when needed read their own from `data` (data-prechat, data-privacy-url, data-greeting-delay).
 */
export function appOptions({ base, pageUrl, ...loaded }: LoaderOptions): EmbedOptions {
  const { data } = loaded;
  let relayUrl = base;
  try {
    const url = new URL(data.relay ?? base, pageUrl);
    if (url.protocol === 'https:' || url.protocol === 'http:') relayUrl = (url.origin + url.pathname).replace(/\/+$/, '');
  } catch {
    /* keep the script's base */
  }
  return {
    ...loaded,
    relayUrl,
    title: text(data.title, 80),
    greeting: text(data.greeting, 500),
    sound: data.sound === 'on' || data.sound === 'true',
  };
}
