// Build entry of the Portuguese chunk, fetched when the widget speaks Portuguese.
import { pt } from '../i18n/pt';
import { handOver } from '../loader/handoff';
import { localePlugin } from '../plugins/locale';

handOver(localePlugin('pt', pt));
