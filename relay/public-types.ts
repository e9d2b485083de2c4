// The types of the relay's public API (`kit-chat/relay`), apart from the code behind them so
// that the package's declarations stay small: they mention nothing but Node's own types.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request handler in the Express (and Connect, and node:http) shape. */
export type RelayHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

export interface Relay {
  /** Every relay route (/v1, /kit/callback, /files, /widget.js, /readyz, …); mount it under any path. */
  handler: RelayHandler;
  /** Resolves once the store is open; rejects when it cannot be (requests then get 503). */
  ready: Promise<void>;
  /** Ends event streams, lets in-flight Kit sends finish and closes the store. */
  close(): Promise<void>;
}

export interface StandaloneRelay {
  /** Where the relay listens, e.g. http://127.0.0.1:8787. */
  url: string;
  /** Stops accepting, ends event streams, lets in-flight Kit sends finish, closes the store. */
  close(): Promise<void>;
}
