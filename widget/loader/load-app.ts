// Fetches the app chunk as a classic script from the widget's own origin (no CORS needed),
// carrying the loader's CSP nonce, and waits for it to hand over startApp.
import type { StartApp } from '../app';
import type { KitChatFn } from './boot';
import type { LoaderOptions } from './options';

export function loadApp(options: LoaderOptions, win: Window): Promise<StartApp> {
  const doc = win.document;
  return new Promise((resolve, reject) => {
    const api = (win as Window & { KitChat?: KitChatFn }).KitChat;
    if (!api) return reject(new Error('KitChat missing'));
    api._r = resolve;
    const script = doc.createElement('script');
    script.src = `${options.assetsUrl}/${__KITCHAT_APP__}`;
    script.async = true;
    if (options.nonce) script.nonce = options.nonce;
    // After a successful start, rejecting is a no-op; before it, the chunk did not run.
    script.onload = script.onerror = () => {
      script.remove();
      reject(new Error('app chunk failed'));
    };
    doc.head.appendChild(script);
  });
}
