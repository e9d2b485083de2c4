// Cards at the end of the conversation (the pre-chat form, the away note) grow when an error or
// a thanks shows up; a visitor reading the end of the log keeps seeing all of the card.
const NEAR_END_PX = 160;

export function keepLogEnd(card: Element | null | undefined): void {
  const log = card?.closest('.kc-log');
  if (log && log.scrollHeight - log.scrollTop - log.clientHeight < NEAR_END_PX + card!.clientHeight) log.scrollTop = log.scrollHeight;
}
