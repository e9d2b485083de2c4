// The one way a call that needs the visitor's token is made: with the session's token, and when
// the relay refuses that token (401), once more with a renewed one. Sends, uploads and the
// mailbox stream all go through it.
import { isTransportError } from '../transport/errors';

export type WithToken = <T>(call: (token: string) => Promise<T>) => Promise<T>;

export interface TokenSource {
  ensure(): Promise<string>;
  renew(refused: string): Promise<string>;
}

export function tokenCaller(session: TokenSource): WithToken {
  return async (call) => {
    const token = await session.ensure();
    try {
      return await call(token);
    } catch (error) {
      if (!isTransportError(error, 'UNAUTHORIZED')) throw error;
      return call(await session.renew(token));
    }
  };
}
