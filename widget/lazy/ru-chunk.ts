// Build entry of the Russian strings chunk, fetched when the widget speaks Russian.
import { ru } from '../i18n/ru';
import { register } from './register';

register('ru', ru);
