// What a closed notice says, by Kit's close_reason (docs/kit-api.md §4.4): who closed the conversation.
import type { closed } from './en-more';

export const closedText = (reason: string | undefined, t: typeof closed): string =>
  reason === 'CLOSED_BY_AGENT' ? t.closedByAgent : reason === 'CLOSED_BY_BOT' ? t.closedByBot : reason === 'CLOSED_BY_CLIENT_TIMEOUT' ? t.closedByTimeout : t.closedNotice;
