// Build entry of the attachment chunk, fetched when the visitor first attaches a file.
import { handOver } from '../loader/handoff';
import { attach } from '../plugins/attach';

handOver(attach);
