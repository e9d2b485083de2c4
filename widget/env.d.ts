// Build-time constants the loader build defines (see vite.config.ts).
/** File name of the hashed app chunk inside dist/widget/. */
declare const __KITCHAT_APP__: string;
/** The hash every lazily fetched chunk's file name ends with: dist/widget/<name>-<hash>.js. */
declare const __KITCHAT_CHUNK_HASH__: string;
