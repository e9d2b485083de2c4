// The plug-ins in use: fetches a plug-in's chunk the first time it is needed, adopts its styles,
// makes its model once, and lists the plug-ins that draw in the panel's slots.
import { effect, signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import type { ChunkName, LoadChunk, ModelOf, Plugin, PluginHost, SlotName, SlotProps } from './types';

export interface ActivePlugin {
  model: unknown;
  slots: Plugin<unknown>['slots'];
}

export type Plugins = ReturnType<typeof createPlugins>;

export function createPlugins(deps: { host: PluginHost; loadChunk: LoadChunk; adoptCss?: (css: string) => void }) {
  const active = signal<ActivePlugin[]>([]);
  const models: Partial<Record<ChunkName, Promise<unknown>>> = {};
  return {
    /** Components of the active plug-ins for a slot, each with its model. */
    inSlot: <S extends SlotName>(slot: S) =>
      active.value.flatMap(({ model, slots }) => {
        const Component = slots?.[slot] as ComponentType<SlotProps<unknown, S>> | undefined;
        return Component ? [{ Component, model }] : [];
      }),
    /** The plug-in's model, fetching the plug-in first if needed; a failed fetch is tried again next time. */
    use<N extends ChunkName>(name: N): Promise<ModelOf<N>> {
      return (models[name] ??= deps.loadChunk(name).then(
        ({ plugin }) => {
          const p = plugin as Plugin<unknown>;
          if (p.css) deps.adoptCss?.(p.css);
          const model = p.setup(deps.host);
          if (p.slots) active.value = [...active.value, { model, slots: p.slots }];
          return model;
        },
        (error) => {
          delete models[name];
          throw error;
        },
      )) as Promise<ModelOf<N>>;
    },
    /** Fetches the plug-in once `needed` (read in an effect) holds; returns the stop. */
    useWhen(name: ChunkName, needed: () => boolean, onError: (error: unknown) => void): () => void {
      return effect(() => void (needed() && this.use(name).catch(onError)));
    },
  };
}
