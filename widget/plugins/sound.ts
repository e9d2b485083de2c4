// The optional beep for a reply the visitor is not looking at (data-sound="on"), as a plug-in:
// fetched only by the pages that turn it on. Its model is the beep itself, made with WebAudio.
import type { Plugin } from './types';

type AudioCtor = typeof AudioContext;

const plugin: Plugin<() => void> = {
  setup({ win }) {
    let context: AudioContext | null = null;
    return () => {
      try {
        const w = win as unknown as { AudioContext?: AudioCtor; webkitAudioContext?: AudioCtor };
        const Ctor = w.AudioContext ?? w.webkitAudioContext;
        if (!Ctor) return;
        const ctx = (context ??= new Ctor());
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
    };
  },
};

export const sound = { plugin };
