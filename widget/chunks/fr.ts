// Build entry of the French chunk, fetched when the widget speaks French.
import { fr } from '../i18n/fr';
import { handOver } from '../loader/handoff';
import { localePlugin } from '../plugins/locale';

handOver(localePlugin('fr', fr));
