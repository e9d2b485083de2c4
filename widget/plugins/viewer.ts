// Attachments inside messages as a plug-in: images, files, locations and contacts drawn in the
// bubble, with their styles. Fetched once a message with attachments is in the conversation.
import css from '../ui/viewer.css?inline';
import { Attachments } from '../ui/Attachments';
import type { Chunks } from './types';

export const viewer: Chunks['viewer'] = { plugin: { css, setup: () => {}, slots: { attachments: Attachments } } };
