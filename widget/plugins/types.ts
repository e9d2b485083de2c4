// The contract between the app and its plug-ins, the parts fetched only when needed (languages,
// attachment composer and viewer, sound): a plug-in makes its model from the host's models and
// may draw components in named slots of the panel; models never hold components.
import type { ReadonlySignal } from '@preact/signals';
import type { ComponentType } from 'preact';
import type { Attachment, ClientLimits } from '../../protocol/relay-api';
import type { Strings } from '../i18n/en';
import type { Locale } from '../i18n/index';
import type { LocaleModel } from '../state/locale';
import type { Uploads } from '../state/uploads';
import type { WithToken } from '../state/with-token';
import type { Transport, UploadFile } from '../transport/types';
import type { KeyValueStore } from '../util/storage';

/** What a plug-in's model may use. */
export interface PluginHost {
  win: Window;
  store: KeyValueStore;
  transport: Transport;
  withToken: WithToken;
  limits: ReadonlySignal<ClientLimits>;
  locale: LocaleModel;
  onError: (error: unknown) => void;
}

/** Places in the panel where plug-ins draw, with what each place gives its components. */
export interface Slots {
  /** Above the message box. */
  composer: object;
  /** Inside a message's bubble, after its text. */
  attachments: { attachments: Attachment[] };
}

export type SlotName = keyof Slots;

/** What a slot's component gets: its plug-in's model, the widget's language, and the slot's own props. */
export type SlotProps<M, S extends SlotName = SlotName> = { model: M; locale: Locale; strings: Strings } & Slots[S];

export interface Plugin<M = void> {
  /** Styles for the widget's shadow root. */
  css?: string;
  /** Makes the plug-in's model; called once, when the plug-in arrives. */
  setup(host: PluginHost): M;
  slots?: { [S in SlotName]?: ComponentType<SlotProps<M, S>> };
}

/** What each chunk hands over, by chunk name: every language but English, and the attachment composer. */
export type Chunks = { [L in Exclude<Locale, 'en'>]: { plugin: Plugin } } & {
  /** The uploads model with its draft list, and the XHR uploader the transport uses. */
  attach: { plugin: Plugin<Uploads>; uploadFile: UploadFile };
  /** Attachments inside messages: images, files, locations, contacts. */
  viewer: { plugin: Plugin };
  /** The beep for unseen replies. */
  sound: { plugin: Plugin<() => void> };
};

export type ChunkName = keyof Chunks;
export type LoadChunk = <N extends ChunkName>(name: N) => Promise<Chunks[N]>;
export type ModelOf<N extends ChunkName> = Chunks[N]['plugin'] extends Plugin<infer M> ? M : never;
