// Outside business hours (README, What the visitor gets): when the team is back (asked again just after that
// time, so the header turns "Online" by itself), and the email the widget asks for once the
// visitor has written, so an answer can reach them after they leave. One field, which the
// visitor may skip (remembered for this visitor); messages are delivered either way.
import { computed, effect, signal } from '@preact/signals';
import type { Availability } from '../../protocol/relay-api';
import { fieldError, type FieldError } from '../util/contact';
import type { KeyValueStore } from '../util/storage';
import type { Conversation } from './conversation';
import type { Session } from './session';

const SKIPPED_KEY = 'awaySkipped';
/** setTimeout's longest wait; a later opening is looked at again after this. */
const MAX_WAIT_MS = 2 ** 31 - 1;

export type Away = ReturnType<typeof createAway>;

export function createAway(deps: {
  win: Window;
  session: Pick<Session, 'profile' | 'identify' | 'availability'>;
  conversation: Pick<Conversation, 'items'>;
  /** GET /v1/availability. */
  fetch: () => Promise<Availability>;
  store: KeyValueStore;
  onError: (error: unknown) => void;
}) {
  const { win, session, store } = deps;
  const skipped = signal(store.get(SKIPPED_KEY) === true);
  /** The address just given, for the thanks. */
  const saved = signal<string | null>(null);
  const error = signal<FieldError | null>(null);
  const opensAt = computed(() => (session.availability.value?.online === false ? session.availability.value.opensAt : undefined));
  let timer: number | undefined;
  effect(() => {
    win.clearTimeout(timer);
    const wait = Date.parse(opensAt.value ?? '') - Date.now();
    // Just after the opening time; an unreachable relay then is asked again on the next stream.
    if (wait >= 0) timer = win.setTimeout(() => deps.fetch().then((a) => (session.availability.value = a), Boolean), Math.min(wait + 1000, MAX_WAIT_MS));
  });
  return {
    isAway: computed(() => session.availability.value?.online === false),
    opensAt,
    saved,
    error,
    asking: computed(
      () =>
        session.availability.value?.online === false &&
        !session.profile.value.email &&
        !skipped.value &&
        deps.conversation.items.value.some((i) => i.from === 'visitor'),
    ),
    /** Takes the address, or says why not; the relay gets it for Kit's client data. */
    save(value: string): boolean {
      error.value = fieldError('email', value, true);
      if (error.value) return false;
      const email = value.trim();
      saved.value = email;
      session.identify({ email }).catch(deps.onError);
      return true;
    },
    skip(): void {
      skipped.value = true;
      store.set(SKIPPED_KEY, true);
    },
  };
}
