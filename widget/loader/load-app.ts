// Fetches the app chunk from the widget's own origin (a classic script: no CORS needed) and
// waits for it to hand over startApp through the script's private handoff.
import type { StartApp } from '../app';
import type { LoadScript } from './handoff';
import type { LoaderOptions } from './options';

export const loadApp = (options: LoaderOptions, loadScript: LoadScript): Promise<StartApp> =>
  loadScript<StartApp>(`${options.assetsUrl}/${__KITCHAT_APP__}`);
