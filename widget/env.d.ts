// Build-time constants the loader build defines (see vite.config.ts).
/** File name of the hashed app chunk inside dist/widget/. */
declare const __KITCHAT_APP__: string;
/** File names of the lazily fetched chunks inside dist/widget/, by chunk name. */
declare const __KITCHAT_CHUNKS__: Record<string, string>;
