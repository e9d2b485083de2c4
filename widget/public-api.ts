// The KitChat global, declared: every command with the argument it takes, every event with what
// its listeners get. The loader checks calls against it; the build emits it as kit-chat.d.ts.
// A new command is one entry in COMMANDS (the compiler then asks commands.ts for its handler).

/** Tells whether a command's argument is acceptable, and so gives its type. */
export type ArgumentCheck<T> = (value: unknown) => value is T;

export interface KitChatProfile {
  name?: string;
  email?: string;
  phone?: string;
}

/**
 * A signed identity from the site's backend: `userHash` is hex(HMAC-SHA256(secret, userId)),
 * computed on the server; the secret itself never goes into the page.
 */
export interface KitChatIdentity extends KitChatProfile {
  userId?: string;
  userHash?: string;
}

/** For commands that take no argument (one given anyway is ignored). */
const nothing = (_value: unknown): _value is undefined => true;
const isText = (value: unknown): value is string => typeof value === 'string';
/**
 * An object whose fields are strings where given (null or undefined: not given). Unknown fields
 * are dropped later (state/profile.ts); userId and userHash count only together.
 */
const isProfile = (value: unknown): value is KitChatIdentity =>
  !!value && typeof value == 'object' && Object.values(value).every((field) => typeof (field ?? '') == 'string');

/** Every command, with the check of its one argument (`nothing` for commands that take none). */
export const COMMANDS = {
  /** Opens the panel. */
  open: nothing,
  /** Closes the panel. */
  close: nothing,
  /** Opens the panel when it is closed, and closes it when it is open. */
  toggle: nothing,
  /** Sends a message as the visitor. */
  send: isText,
  /**
   * Gives the visitor's name, email and phone to the operators; with `userId` and `userHash`
   * (from the site's backend) the visitor is verified: the same conversation on every device.
   */
  identify: isProfile,
  /** Switches the language: 'en', 'ru', 'de', 'es', 'fr' or 'pt' (a region such as 'pt-BR' is fine). */
  setLocale: isText,
  /** Hides the launcher button (open the panel with KitChat('open')). */
  hideLauncher: nothing,
  /** Shows the launcher button again. */
  showLauncher: nothing,
  /** Logs the visitor out (the relay revokes its tokens) and forgets it on this browser: the next chat starts a new conversation. */
  reset: nothing,
  /** Erases this conversation on the relay (messages, files, profile) and forgets it on this browser. */
  forget: nothing,
};

export type KitChatCommand = keyof typeof COMMANDS;
/** The arguments of each command, as a tuple. */
export type KitChatCommands = {
  [C in KitChatCommand]: (typeof COMMANDS)[C] extends ArgumentCheck<infer T> ? (T extends undefined ? [] : [T]) : never;
};

/** Codes of the `error` event. */
export type KitChatErrorCode =
  /** KitChat was called with a command it does not know. */
  | 'UNKNOWN_COMMAND'
  /** A command or `on`/`off` was called with an argument it does not take. */
  | 'BAD_ARGUMENT'
  /** A part of the widget could not be fetched (a later attempt tries again). */
  | 'LOAD_FAILED'
  /** Calls to the relay: no network, no answer in time, the visitor's token refused, too many calls, a refusal, a server failure, cancelled. */
  | 'NETWORK'
  | 'TIMEOUT'
  | 'UNAUTHORIZED'
  | 'RATE_LIMITED'
  | 'REJECTED'
  | 'SERVER'
  | 'ABORTED'
  /** Anything else that went wrong inside the widget. */
  | 'UNKNOWN';

export interface KitChatError {
  code: KitChatErrorCode;
  /** For UNKNOWN_COMMAND and BAD_ARGUMENT: the command as it was called. */
  command?: string;
}

export interface KitChatMessage {
  id: string;
  from: 'visitor' | 'agent' | 'bot' | 'system';
  text?: string;
  /** ISO-8601. */
  createdAt: string;
}

/** Every event, with what its listeners receive (`undefined`: nothing). */
export interface KitChatEvents {
  /** The loader is running; commands work from now on (also for listeners added later). */
  ready: undefined;
  open: undefined;
  close: undefined;
  /** A new message from an operator or a bot. */
  message: KitChatMessage;
  /** The number of unread messages changed. */
  unread: number;
  error: KitChatError;
}

export type KitChatEvent = keyof KitChatEvents;
/** Every event once; the compiler keeps this list and KitChatEvents the same. */
export const EVENTS: Record<KitChatEvent, 1> = { ready: 1, open: 1, close: 1, message: 1, unread: 1, error: 1 };

export type KitChatListener<E extends KitChatEvent> = KitChatEvents[E] extends undefined ? () => void : (payload: KitChatEvents[E]) => void;

/** The global `KitChat` function. */
export interface KitChatApi {
  <C extends KitChatCommand>(command: C, ...args: KitChatCommands[C]): void;
  <E extends KitChatEvent>(command: 'on', event: E, listener: KitChatListener<E>): void;
  /** Without a listener, removes every listener of the event. */
  <E extends KitChatEvent>(command: 'off', event: E, listener?: KitChatListener<E>): void;
  /** Calls made before the loader arrived, kept by the embed snippet; the loader runs them. */
  q?: ArrayLike<unknown>[];
}
