// Older history (README, What the visitor gets): the page of entries before the oldest one held, fetched from the
// relay (GET /v1/messages?before=) when the visitor scrolls to the top, one page at a time,
// until the conversation's first entry is in.
import { computed, signal } from '@preact/signals';
import type { ListMessages } from '../transport/list';
import type { Conversation } from './conversation';
import type { Panel } from './panel';
import type { WithToken } from './with-token';

/** Entries per page (messages, and the statuses and notices between them). */
export const OLDER_PAGE = 100;

export type OlderState = 'idle' | 'loading' | 'failed' | 'done';
export type Older = ReturnType<typeof createOlder>;

export function createOlder(deps: {
  conversation: Pick<Conversation, 'items' | 'prepend'>;
  panel: Pick<Panel, 'isOpen'>;
  /** GET /v1/messages (transport/list.ts). */
  listMessages: ListMessages;
  withToken: WithToken;
  onError: (error: unknown) => void;
}) {
  const state = signal<OlderState>('idle');
  return {
    state,
    /** The oldest message held: when it changes, a page joined above it. */
    first: computed(() => deps.conversation.items.value[0]?.id ?? ''),
    /** The log is only measurable, and worth filling, while the panel is open. */
    isOpen: deps.panel.isOpen,
    /** Fetches the page before the oldest entry held; one at a time, nothing once at the start. */
    async load(): Promise<void> {
      if (state.peek() === 'loading' || state.peek() === 'done') return;
      const before = deps.conversation.items.peek().find((i) => i.seq != null)?.seq ?? 0;
      if (before <= 1) return void (state.value = 'done');
      state.value = 'loading';
      try {
        const { messages } = await deps.withToken((token) => deps.listMessages(token, { before, limit: OLDER_PAGE }));
        const page = Array.isArray(messages) ? messages : [];
        deps.conversation.prepend(page);
        state.value = page.length < OLDER_PAGE || page[0]!.seq <= 1 ? 'done' : 'idle';
      } catch (error) {
        state.value = 'failed';
        deps.onError(error);
      }
    },
  };
}
