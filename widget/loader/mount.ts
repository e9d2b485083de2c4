// The widget's host: one element appended to <body> with an open shadow root holding all
// styles and markup, themed by the accent colour. Draws the launcher until the app arrives.
import { DEFAULT_ACCENT, parseHex, textOn } from '../util/color';
import { adoptCss } from '../util/sheet';
import type { LoaderOptions } from './options';
import css from './launcher.css?inline';

export const HOST_ID = 'kitchat-widget';
const SVG_NS = 'http://www.w3.org/2000/svg';
const CHAT_PATH =
  'M12 3C6.5 3 2 6.9 2 11.7c0 2.6 1.3 4.9 3.4 6.5L4.6 21.4c-.1.5.4.9.9.6l3.9-2.1c.8.2 1.7.3 2.6.3 5.5 0 10-3.9 10-8.6S17.5 3 12 3Z';

export interface Mounted {
  host: HTMLElement;
  root: ShadowRoot;
  /** The element the app renders into (it carries the theme). */
  mountPoint: HTMLElement;
  launcher: HTMLButtonElement;
  /** Adds a stylesheet to the shadow root (the app and its chunks use this one). */
  adopt: (css: string) => void;
}

const attrs = (el: Element, values: Record<string, string>) => {
  // Own keys only: a page may have added enumerable properties to Object.prototype.
  for (const name of Object.keys(values)) el.setAttribute(name, values[name]!);
};

export function mount(doc: Document, options: LoaderOptions, label: string): Mounted {
  const host = doc.createElement('div');
  host.id = HOST_ID;
  const root = host.attachShadow({ mode: 'open' });
  const adopt = (sheet: string) => adoptCss(root, sheet);
  adopt(css);
  const mountPoint = doc.createElement('div');
  mountPoint.className = `kc-theme kc-${options.position}`;
  mountPoint.dir = options.dir ?? (doc.documentElement.dir === 'rtl' ? 'rtl' : 'ltr');
  const accent = parseHex(options.accent) ?? DEFAULT_ACCENT;
  mountPoint.style.setProperty('--kc-accent', accent);
  mountPoint.style.setProperty('--kc-on-accent', textOn(accent));

  const launcher = doc.createElement('button');
  launcher.type = 'button';
  launcher.className = 'kc-launcher';
  attrs(launcher, { 'aria-expanded': 'false', 'aria-label': label });
  const svg = doc.createElementNS(SVG_NS, 'svg');
  attrs(svg, { class: 'kc-icon', viewBox: '0 0 24 24', width: '24', height: '24', 'aria-hidden': 'true' });
  const path = doc.createElementNS(SVG_NS, 'path');
  attrs(path, { d: CHAT_PATH, fill: 'currentColor' });
  svg.appendChild(path);
  launcher.appendChild(svg);
  if (options.launcherText) {
    launcher.classList.add('kc-launcher--text');
    const text = doc.createElement('span');
    text.textContent = options.launcherText;
    launcher.appendChild(text);
  }
  mountPoint.appendChild(launcher);
  root.appendChild(mountPoint);
  doc.body.appendChild(host);
  return { host, root, mountPoint, launcher, adopt };
}
