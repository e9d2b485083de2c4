// Rich text as a plug-in: operator and bot messages in the safe markdown subset, links in the
// visitor's own text. Fetched once such a message is in the conversation; until then the app
// draws the text plain.
import css from '../ui/markdown.css?inline';
import { Markdown } from '../ui/Markdown';
import type { Chunks } from './types';

export const rich: Chunks['rich'] = { plugin: { css, setup: () => {}, slots: { text: Markdown } } };
