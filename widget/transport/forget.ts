// DELETE /v1/visitor ("Delete this conversation", KitChat('forget')): one call over fetch with
// the visitor's token, failures mapped like every other relay call. Ships in the menu chunk, so
// the app carries no code it does not run at first.
import { errorForStatus, TransportError } from './errors';

export type ForgetVisitor = (token: string) => Promise<void>;

export const FORGET_TIMEOUT_MS = 15_000;

export function visitorEraser(win: Window, relayUrl: string): ForgetVisitor {
  return async (token) => {
    let res: Response;
    try {
      res = await win.fetch(`${relayUrl}/v1/visitor`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}` },
        credentials: 'omit',
        signal: AbortSignal.timeout(FORGET_TIMEOUT_MS),
      });
    } catch (error) {
      throw new TransportError((error as Error)?.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK');
    }
    if (!res.ok) throw errorForStatus(res.status);
  };
}
