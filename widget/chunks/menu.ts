// Build entry of the menu chunk, fetched when the visitor reaches for the panel's menu.
import { handOver } from '../loader/handoff';
import { menu } from '../plugins/menu';

handOver(menu);
