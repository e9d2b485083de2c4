// The unread count in the host page's tab title while the tab is hidden, e.g. "(2) Acme Shop",
// and the page's own title back when the tab is visible again.
import { effect, type ReadonlySignal } from '@preact/signals';

export function createTitleBadge(doc: Document) {
  let original: string | null = null;
  let shown: string | null = null;
  return {
    update(unread: number): void {
      if (doc.visibilityState === 'hidden' && unread > 0) {
        // The page may have changed its own title meanwhile: keep that one as the original.
        if (original === null || doc.title !== shown) original = doc.title;
        shown = `(${unread}) ${original}`;
        doc.title = shown;
      } else this.restore();
    },
    restore(): void {
      if (original !== null && doc.title === shown) doc.title = original;
      original = shown = null;
    },
  };
}

/** Keeps the title showing `unread` while the page is hidden; returns the stop, which restores the title. */
export function showUnreadInTitle(doc: Document, unread: ReadonlySignal<number>, visible: ReadonlySignal<boolean>): () => void {
  const title = createTitleBadge(doc);
  const stop = effect(() => title.update(visible.value ? 0 : unread.value));
  return () => {
    stop();
    title.restore();
  };
}
