// Closed conversations as a plug-in: the notices in the log (who closed it), and "Start a new
// conversation". Fetched once a conversation in the log has been closed.
import { createClosed, type Closed } from '../state/closed';
import css from '../ui/closed.css?inline';
import { ClosedNotice } from '../ui/ClosedNotice';
import type { Chunks, Plugin } from './types';

const plugin: Plugin<Closed> = {
  css,
  setup: (host) => createClosed(host),
  slots: { notice: ClosedNotice },
};

export const closed: Chunks['closed'] = { plugin };
