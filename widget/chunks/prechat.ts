// Build entry of the pre-chat form chunk, fetched when a page with data-prechat opens the panel.
import { handOver } from '../loader/handoff';
import { prechat } from '../plugins/prechat';

handOver(prechat);
