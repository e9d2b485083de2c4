// Build entry of the Spanish chunk, fetched when the widget speaks Spanish.
import { es } from '../i18n/es';
import { handOver } from '../loader/handoff';
import { localePlugin } from '../plugins/locale';

handOver(localePlugin('es', es));
