// Getting the visitor's attention while the tab is hidden: the unread count in the tab title
// (restored when the tab is visible again) and an optional short beep made with WebAudio.
export function createTitleBadge(doc: Document) {
  let original: string | null = null;
  let shown: string | null = null;
  return {
    update(unread: number): void {
      if (doc.visibilityState === 'hidden' && unread > 0) {
        // The page may have changed its own title meanwhile: keep that one as the original.
        if (original === null || doc.title !== shown) original = doc.title;
        shown = `(${unread}) ${original}`;
        doc.title = shown;
      } else this.restore();
    },
    restore(): void {
      if (original !== null && doc.title === shown) doc.title = original;
      original = shown = null;
    },
  };
}

type AudioCtor = typeof AudioContext;
let context: AudioContext | null = null;

export function beep(win: Window): void {
  try {
    const w = win as unknown as { AudioContext?: AudioCtor; webkitAudioContext?: AudioCtor };
    const Ctor = w.AudioContext ?? w.webkitAudioContext;
    if (!Ctor) return;
    context ??= new Ctor();
    const ctx = context;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.25);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.3);
  } catch {
    /* autoplay policy or no audio device: the sound is optional */
  }
}
