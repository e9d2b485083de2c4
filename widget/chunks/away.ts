// Build entry of the away chunk, fetched when the relay says the team is away.
import { handOver } from '../loader/handoff';
import { away } from '../plugins/away';

handOver(away);
