// Build entry of the closed-conversation chunk, fetched once a conversation has been closed.
import { handOver } from '../loader/handoff';
import { closed } from '../plugins/closed';

handOver(closed);
