// The attachment composer, fetched the first time the visitor attaches a file: the uploads
// model, the XHR uploader, the list of files waiting to be sent, and their styles.
import css from '../ui/attach.css?inline';

export { createUploads } from '../state/uploads';
export { uploadFile } from '../transport/upload';
export { Drafts } from '../ui/Drafts';
export { css };
