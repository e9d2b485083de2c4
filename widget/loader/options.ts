// Embed options from the script tag's data-* attributes, validated and bounded.
import type { StorageMode } from '../util/storage';

export interface EmbedOptions {
  /** The relay's base URL (no trailing slash); the widget's own origin unless data-relay says. */
  relayUrl: string;
  /** Where the app chunk lives: `${scriptOrigin}/widget`. */
  assetsUrl: string;
  title?: string;
  greeting?: string;
  accent?: string;
  position: 'left' | 'right';
  locale?: string;
  launcherText?: string;
  storage: StorageMode;
  sound: boolean;
  dir?: 'ltr' | 'rtl';
  /** The loader's CSP nonce, passed on to the app chunk's script element. */
  nonce?: string;
}

const text = (value: string | undefined, max: number) => value?.trim().slice(0, max) || undefined;

export function findScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript as HTMLScriptElement | null;
  if (current?.src) return current;
  // `async` scripts may run after currentScript is cleared: find ours by its file name.
  const all = doc.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return all[all.length - 1] ?? null;
}

export function readOptions(script: HTMLScriptElement | null, pageUrl: string): EmbedOptions {
  const data = script?.dataset ?? {};
  const origin = new URL(script?.src || pageUrl, pageUrl).origin;
  let relayUrl = origin;
  try {
    const url = new URL(data.relay ?? origin, pageUrl);
    if (url.protocol === 'https:' || url.protocol === 'http:') relayUrl = (url.origin + url.pathname).replace(/\/+$/, '');
  } catch {
    /* keep the script's origin */
  }
  const storage = data.storage === 'session' || data.storage === 'memory' ? data.storage : 'local';
  return {
    relayUrl,
    assetsUrl: `${origin}/widget`,
    title: text(data.title, 80),
    greeting: text(data.greeting, 500),
    accent: text(data.accent ?? data.color, 16),
    position: data.position === 'left' ? 'left' : 'right',
    locale: text(data.locale, 16),
    launcherText: text(data.launcherText, 40),
    storage,
    sound: data.sound === 'on' || data.sound === 'true',
    dir: data.dir === 'rtl' || data.dir === 'ltr' ? data.dir : undefined,
    nonce: script?.nonce || undefined,
  };
}
