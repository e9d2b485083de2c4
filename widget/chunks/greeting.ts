// Build entry of the greeting bubble chunk, fetched on pages with data-greeting-delay.
import { greeting } from '../plugins/greeting';
import { handOver } from '../loader/handoff';

handOver(greeting);
