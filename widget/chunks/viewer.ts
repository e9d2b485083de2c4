// Build entry of the attachment viewer chunk, fetched once a message has attachments.
import { handOver } from '../loader/handoff';
import { viewer } from '../plugins/viewer';

handOver(viewer);
