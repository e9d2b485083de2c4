// Outside business hours, as a plug-in: the header's "back at", the note at the end of the
// conversation and its email field. Fetched once the relay says the team is away.
import css from '../ui/forms.css?inline';
import { AwayNote } from '../ui/AwayNote';
import { AwayStatus } from '../ui/AwayStatus';
import { createAway, type Away } from '../state/away';
import type { Chunks, Plugin } from './types';

const plugin: Plugin<Away> = {
  css,
  setup: (host) => createAway({ ...host, fetch: host.transport.availability }),
  slots: { status: AwayStatus, logEnd: AwayNote },
};

export const away: Chunks['away'] = { plugin };
