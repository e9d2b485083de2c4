// The panel: open or closed, the launcher shown or hidden, and focus requests. Whether it is
// open and how far the visitor has read are kept in storage, shared by every tab; while the
// panel is open and seen, everything in it counts as read. An open panel follows the visitor to
// the next page only on a desktop-sized screen and within the same visit: on a phone it would
// cover the whole page, so the badge tells of new replies instead.
import { effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { KeyValueStore } from '../util/storage';

const KEY = 'ui';

interface StoredUi {
  open: boolean;
  readSeq: number;
  /** When the open state was last saved (ms since the epoch): how old the visit is. */
  at?: number;
}

/** How long after the panel was last used a page still counts as the same visit (the usual web analytics session). */
export const VISIT_MS = 30 * 60_000;

export type Panel = ReturnType<typeof createPanel>;

export function createPanel(deps: {
  store: KeyValueStore;
  /** The conversation's read marker, kept here with the open state. */
  readSeq: Signal<number>;
  /** The visitor (or the page) opened or closed the panel. */
  onToggle: (open: boolean) => void;
  /** True on a phone-sized screen, where the open panel covers the page. */
  smallScreen: () => boolean;
}) {
  const { store, readSeq } = deps;
  const isOpen = signal(false);
  const launcherHidden = signal(false);
  /** Bumped when the visitor (not another tab) opens the panel: the UI moves focus then. */
  const focusRequest = signal(0);

  const save = () => store.set(KEY, { open: isOpen.value, readSeq: readSeq.value, at: Date.now() } satisfies StoredUi);
  function setOpen(open: boolean): void {
    if (isOpen.value === open) return;
    isOpen.value = open;
    if (open) focusRequest.value++;
    deps.onToggle(open);
    save();
  }

  return {
    isOpen,
    launcherHidden,
    focusRequest,
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!isOpen.value),
    /** Asks for the composer's focus (the visitor starts a new conversation). */
    focus: () => void focusRequest.value++,
    hideLauncher: () => void (launcherHidden.value = true),
    showLauncher: () => void (launcherHidden.value = false),
    /**
     * Takes the read marker and open state saved by an earlier page or another tab: closed there
     * is closed here; open there opens here only on a desktop-sized screen, within the visit.
     */
    restore(): void {
      const ui = store.get<StoredUi>(KEY);
      if (!ui) return;
      readSeq.value = Math.max(readSeq.value, Number(ui.readSeq) || 0);
      if (!ui.open) isOpen.value = false;
      // A missing time (saved before times were kept) compares as NaN: not this visit.
      else if (!isOpen.value && !deps.smallScreen() && Date.now() - ui.at! < VISIT_MS) {
        isOpen.value = true;
        save(); // each page it reopens on extends the visit
      }
    },
    /** Follows other tabs, and marks everything read while the panel is open and seen; returns the stop. */
    follow(seen: { visible: ReadonlySignal<boolean>; lastSeq: ReadonlySignal<number>; isActive: () => boolean }): () => void {
      const unwatch = store.watch((key) => key === KEY && this.restore());
      const stop = effect(() => {
        if (isOpen.value && seen.visible.value && seen.lastSeq.value > readSeq.peek() && seen.isActive()) {
          readSeq.value = seen.lastSeq.value;
          save();
        }
      });
      return () => {
        unwatch();
        stop();
      };
    },
    clear(): void {
      store.remove(KEY);
      isOpen.value = false;
    },
  };
}
