// Build entry of the German chunk, fetched when the widget speaks German.
import { de } from '../i18n/de';
import { handOver } from '../loader/handoff';
import { localePlugin } from '../plugins/locale';

handOver(localePlugin('de', de));
