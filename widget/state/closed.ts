// Closed conversations (README, What the visitor gets): which closed notice the visitor moved on from with "Start a
// new conversation" on this page (it turns into a divider; their next message opens the new
// conversation in Kit), and the composer's focus for them.
import { signal } from '@preact/signals';
import type { Panel } from './panel';

export type Closed = ReturnType<typeof createClosed>;

export function createClosed(deps: { panel: Pick<Panel, 'focus'> }) {
  const left = signal<string | null>(null);
  return {
    left,
    startNew(id: string): void {
      left.value = id;
      deps.panel.focus();
    },
  };
}
