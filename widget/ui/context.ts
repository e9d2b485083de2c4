// The widget's models, handed to every component, so props stay about presentation. Each
// component reads the models it shows and nothing else.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Models } from '../widget';

export const ModelsContext = createContext<Models | null>(null);

export function useModels(): Models {
  const models = useContext(ModelsContext);
  if (!models) throw new Error('useModels outside ModelsContext');
  return models;
}

/** Ids inside the shadow root, so aria-controls and aria-labelledby resolve. */
export const PANEL_ID = 'kc-panel';
export const TITLE_ID = 'kc-title';
