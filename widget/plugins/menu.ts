// The panel's menu as a plug-in: its items and what they do (the transcript download). Fetched
// the first time the visitor reaches for the menu button.
import css from '../ui/menu.css?inline';
import { Menu } from '../ui/Menu';
import { createMenu, type Menu as MenuModel } from '../state/menu';
import { visitorEraser } from '../transport/forget';
import { messageLister } from '../transport/list';
import type { Chunks, Plugin } from './types';

const plugin: Plugin<MenuModel> = {
  css,
  setup: (host) =>
    createMenu({
      ...host,
      title: host.options.title,
      listMessages: messageLister(host.win, host.options.relayUrl),
      forgetVisitor: visitorEraser(host.win, host.options.relayUrl),
    }),
  slots: { menu: Menu },
};

export const menu: Chunks['menu'] = { plugin };
