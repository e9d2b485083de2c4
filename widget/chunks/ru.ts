// Build entry of the Russian chunk, fetched when the widget speaks Russian.
import { ru } from '../i18n/ru';
import { handOver } from '../loader/handoff';
import { localePlugin } from '../plugins/locale';

handOver(localePlugin('ru', ru));
