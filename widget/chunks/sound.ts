// Build entry of the sound chunk, fetched at start by pages with data-sound="on".
import { handOver } from '../loader/handoff';
import { sound } from '../plugins/sound';

handOver(sound);
