// Tells the host page's listeners what the visitor would notice: a new reply (`message`), every
// change of the unread count (`unread`, once at start when some are waiting), and failures
// (`error`, with a code only).
import { effect, type ReadonlySignal } from '@preact/signals';
import type { KitChatErrorCode, KitChatEvent, KitChatEvents } from '../public-api';
import type { ChatItem } from '../state/history';
import { isTransportError } from '../transport/errors';

export type Emit = <E extends KitChatEvent>(event: E, payload?: KitChatEvents[E]) => void;

/** The public code of a failure: the relay call's, a failed fetch's, or UNKNOWN. */
export function errorCode(error: unknown): KitChatErrorCode {
  if (isTransportError(error)) return error.code;
  return (error as { code?: unknown } | null)?.code === 'LOAD_FAILED' ? 'LOAD_FAILED' : 'UNKNOWN';
}

export const errorReporter = (emit: Emit) => (error: unknown) => emit('error', { code: errorCode(error) });

export function announce(
  emit: Emit,
  conversation: { on(name: 'message', fn: (item: ChatItem) => void): () => void; unread: ReadonlySignal<number> },
): () => void {
  const off = conversation.on('message', (m) => emit('message', { id: m.id, from: m.from, text: m.text, createdAt: m.createdAt }));
  let last = conversation.unread.peek();
  if (last > 0) emit('unread', last);
  const stop = effect(() => {
    const unread = conversation.unread.value;
    if (unread !== last) emit('unread', (last = unread));
  });
  return () => {
    off();
    stop();
  };
}
