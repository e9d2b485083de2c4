// The proactive greeting (README, What the visitor gets, data-greeting-delay=SECONDS): the greeting as a bubble
// beside the launcher once that many seconds have passed since the page loaded, once per visit
// (a flag in sessionStorage, none with data-storage="memory"), gone when dismissed or when the
// panel opens. It asks nothing of the relay.
import { effect, signal } from '@preact/signals';
import type { Panel } from './panel';

const SHOWN_KEY = 'kitchat:greeted';

export type Greeting = ReturnType<typeof createGreeting>;

/** The longest delay taken (an hour); anything that is not a number of seconds means no bubble. */
export const GREETING_MAX_DELAY_S = 3600;

export function createGreeting(deps: { win: Window; panel: Pick<Panel, 'isOpen'>; delaySeconds: number; remember: boolean }) {
  const { win } = deps;
  const visible = signal(false);
  const session = (): Storage | null => {
    try {
      return deps.remember ? win.sessionStorage : null;
    } catch {
      return null;
    }
  };
  const delay = deps.delaySeconds;
  let shown = !(delay >= 0 && delay <= GREETING_MAX_DELAY_S) || !!session()?.getItem(SHOWN_KEY);
  const hide = () => {
    win.clearTimeout(timer);
    visible.value = false;
  };
  const timer = win.setTimeout(() => {
    if (shown || deps.panel.isOpen.peek()) return;
    shown = true;
    visible.value = true;
    try {
      session()?.setItem(SHOWN_KEY, '1');
    } catch {
      /* full or blocked storage: shown once on this page */
    }
  }, Math.max(0, delay * 1000 - win.performance.now()));
  // Opening the chat answers the greeting.
  effect(() => {
    if (deps.panel.isOpen.value) hide();
  });
  return { visible, dismiss: hide };
}
