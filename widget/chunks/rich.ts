// Build entry of the rich text chunk, fetched once a message needs markdown or links.
import { handOver } from '../loader/handoff';
import { rich } from '../plugins/rich';

handOver(rich);
