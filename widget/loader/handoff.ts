// The private channel to the scripts the widget fetches (app and plug-in chunks): a handoff on
// the <script> element, which the script finds through document.currentScript while it runs, to
// borrow shared modules and hand its exports back. Nothing sits on the page's globals.

/** The key of the handoff on a script element; vite.config.ts names it for chunk globals. */
export const HANDOFF = Symbol.for('kitchat');

export interface Handoff {
  /** Modules the widget lends the script, by module id (see plugins/shared.ts). */
  m?: object;
  /** Takes what the script hands over. */
  r(exports: unknown): void;
}

export type LoadScript = <T>(src: string, shared?: object) => Promise<T>;


/** Runs a classic script from `src` (with the page's CSP nonce) and resolves with what it hands over. */
export function scriptLoader(doc: Document, nonce?: string): LoadScript {
  return (src, shared) =>
    new Promise((resolve, reject) => {
      const script = doc.createElement('script') as HTMLScriptElement & { [HANDOFF]?: Handoff };
      script[HANDOFF] = { m: shared, r: resolve as (exports: unknown) => void };
      script.src = src;
      script.async = true;
      if (nonce) script.nonce = nonce;
      // After the script handed over, rejecting is a no-op; before it, the script did not run.
      script.onload = script.onerror = () => {
        script.remove();
        // LOAD_FAILED is the code the page's `error` listeners get (page/announce.ts reads it).
        reject({ code: 'LOAD_FAILED' });
      };
      doc.head.appendChild(script);
    });
}

/** Run by a fetched script: gives its exports to the widget that fetched it. */
export function handOver(exports: unknown): void {
  (document.currentScript as { [HANDOFF]?: Handoff } | null)?.[HANDOFF]?.r(exports);
}
