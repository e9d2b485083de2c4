// The one delivery state machine of a visitor message, with the names of protocol/relay-api.ts:
// pending → sending → accepted (the relay stored it) → delivered (Kit has it) | failed. Reports
// arrive out of order (the send's answer, the mailbox stream, another tab): see advance().
import type { DeliveryState, MessageStatus } from '../../protocol/relay-api';

/**
 * A message only moves forward, so a late `accepted` never takes it back from `delivered`.
 * Waiting and sending alternate while the network comes and goes; anything may fail; a failed
 * message may start over (the visitor's retry, or the relay had it after all).
 */
const STEP: Record<DeliveryState, number> = { pending: 0, sending: 0, accepted: 1, delivered: 2, failed: 3 };

/** The state after `report` for a message in `current` (none yet: a new message). */
export const advance = (current: DeliveryState | undefined, report: DeliveryState): DeliveryState =>
  !current || current === 'failed' || STEP[report] >= STEP[current] ? report : current;

/** The state the relay reports on the wire; an answer without one counts as accepted. */
export const fromStatus = (status: MessageStatus | undefined): DeliveryState =>
  status === 'delivered' || status === 'failed' ? status : 'accepted';
