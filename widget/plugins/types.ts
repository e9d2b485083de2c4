// The contract between the app and its plug-ins, the parts fetched only when needed (languages,
// attachment composer and viewer, sound): a plug-in makes its model from the host's models and
// may draw components in named slots of the panel; models never hold components.
import type { ReadonlySignal } from '@preact/signals';
import type { ComponentType } from 'preact';
import type { Attachment, ClientLimits } from '../../protocol/relay-api';
import type { LoadedStrings, Locale } from '../i18n/index';
import type { EmbedOptions } from '../loader/options';
import type { Conversation } from '../state/conversation';
import type { ChatItem } from '../state/history';
import type { LocaleModel } from '../state/locale';
import type { Panel } from '../state/panel';
import type { Session } from '../state/session';
import type { Away } from '../state/away';
import type { Greeting } from '../state/greeting';
import type { Older } from '../state/older';
import type { Prechat } from '../state/prechat';
import type { Menu } from '../state/menu';
import type { Closed } from '../state/closed';
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
  session: Session;
  conversation: Conversation;
  panel: Panel;
  options: EmbedOptions;
  onError: (error: unknown) => void;
  /** KitChat('reset'): forgets the visitor in this browser and logs it out at the relay. */
  reset: () => void;
}

/** Places in the panel where plug-ins draw, with what each place gives its components. */
export interface Slots {
  /** Above the message box. */
  composer: object;
  /** Inside a message's bubble, after its text. */
  attachments: { attachments: Attachment[] };
  /** A message's text, in place of the plain text the app draws. */
  text: { item: ChatItem };
  /** A closed notice in the log; `last` when nothing came after it. */
  notice: { item: ChatItem; last: boolean };
  /** The header's status line while the team is away. */
  status: object;
  /** The panel's menu, open under the header's menu button. */
  menu: { close: () => void };
  /** The top of the message log, above the oldest message held. */
  logTop: object;
  /** The end of the message log, after the newest message. */
  logEnd: object;
  /** Beside the launcher, while the panel is closed: the greeting's text, and opening the chat. */
  launcher: { text?: string; open: () => void };
}

export type SlotName = keyof Slots;

/** What a slot's component gets: its plug-in's model, the widget's language, and the slot's own props. */
export type SlotProps<M, S extends SlotName = SlotName> = { model: M; locale: Locale; strings: LoadedStrings } & Slots[S];

export interface Plugin<M = void> {
  /** Styles for the widget's shadow root. */
  css?: string;
  /** Makes the plug-in's model; called once, when the plug-in arrives. */
  setup(host: PluginHost): M;
  slots?: { [S in SlotName]?: ComponentType<SlotProps<M, S>> };
}

/** What each chunk hands over, by chunk name: every language but English, and the parts fetched when needed. */
export type Chunks = { [L in Exclude<Locale, 'en'>]: { plugin: Plugin } } & {
  /** The uploads model with its draft list, and the XHR uploader the transport uses. */
  attach: { plugin: Plugin<Uploads>; uploadFile: UploadFile };
  /** Attachments inside messages: images, files, locations, contacts. */
  viewer: { plugin: Plugin };
  /** The beep for unseen replies. */
  sound: { plugin: Plugin<() => void> };
  /** Closed notices, with "Start a new conversation". */
  closed: { plugin: Plugin<Closed> };
  /** Markdown in operator and bot text, links in the visitor's (safe subset, never HTML). */
  rich: { plugin: Plugin };
  /** Outside business hours: the header's "back at", a note and the email ask. */
  away: { plugin: Plugin<Away> };
  /** The pre-chat form (data-prechat), which holds the first message until it is valid. */
  prechat: { plugin: Plugin<Prechat> };
  /** The panel's menu: downloading the conversation as text. */
  menu: { plugin: Plugin<Menu> };
  /** Older history: loads the pages before the oldest message held. */
  older: { plugin: Plugin<Older> };
  /** The greeting bubble beside the launcher (data-greeting-delay). */
  greeting: { plugin: Plugin<Greeting> };
};

export type ChunkName = keyof Chunks;
export type LoadChunk = <N extends ChunkName>(name: N) => Promise<Chunks[N]>;
export type ModelOf<N extends ChunkName> = Chunks[N]['plugin'] extends Plugin<infer M> ? M : never;
