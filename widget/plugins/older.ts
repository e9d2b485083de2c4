// Older history as a plug-in: fetches the pages before the oldest entry held when the visitor
// scrolls to the top, and says so there. Fetched once the conversation goes back further than
// what this browser holds.
import { createOlder, type Older } from '../state/older';
import { messageLister } from '../transport/list';
import { OlderLoader } from '../ui/OlderLoader';
import type { Chunks, Plugin } from './types';

const plugin: Plugin<Older> = {
  css: '.kc-older{align-self:center;color:var(--kc-muted);font-size:12.5px}.kc-older p{margin:8px 0 0}',
  setup: (host) => createOlder({ ...host, listMessages: messageLister(host.win, host.options.relayUrl) }),
  slots: { logTop: OlderLoader },
};

export const older: Chunks['older'] = { plugin };
