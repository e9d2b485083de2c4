// The widget model handed to every component, so props stay about presentation.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Widget } from '../state/widget';

export const WidgetContext = createContext<Widget | null>(null);

export function useWidget(): Widget {
  const widget = useContext(WidgetContext);
  if (!widget) throw new Error('useWidget outside WidgetContext');
  return widget;
}

/** Ids inside the shadow root, so aria-controls and aria-labelledby resolve. */
export const PANEL_ID = 'kc-panel';
export const TITLE_ID = 'kc-title';
