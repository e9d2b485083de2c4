// A language other than English, as a plug-in: its model is the strings it adds to the widget's
// locale. A new language is its strings (i18n/), an entry in LOCALES and a two-line chunk.
import type { Locale, Strings } from '../i18n/index';
import type { Plugin } from './types';

export const localePlugin = (locale: Exclude<Locale, 'en'>, strings: Strings): { plugin: Plugin } => ({
  plugin: { setup: (host) => host.locale.add(locale, strings) },
});
