// What each KitChat command does (the commands are declared in public-api.ts, and the loader
// has checked the argument). A command added there is a compile error here until it has its
// handler.
import type { KitChatCommand, KitChatCommands } from './public-api';
import { cleanProfile, identityOf } from './state/profile';
import type { Widget } from './widget';

export type Handlers = { [C in KitChatCommand]: (...args: KitChatCommands[C]) => void };

export function createCommands(w: Widget): Handlers {
  return {
    open: w.panel.open,
    close: w.panel.close,
    toggle: w.panel.toggle,
    send: (text) => void w.conversation.send(text),
    identify: (given) => void w.session.identify(cleanProfile(given), identityOf(given)).catch(w.reportError),
    setLocale: w.locale.set,
    hideLauncher: w.panel.hideLauncher,
    showLauncher: w.panel.showLauncher,
    reset: w.reset,
    // The erasure ships with the menu, "Delete this conversation" (state/menu.ts).
    forget: () => void w.plugins.use('menu').then((menu) => menu.forget()).catch(w.reportError),
  };
}
