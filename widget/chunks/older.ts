// Build entry of the older-history chunk, fetched when the visitor first scrolls to the top.
import { handOver } from '../loader/handoff';
import { older } from '../plugins/older';

handOver(older);
