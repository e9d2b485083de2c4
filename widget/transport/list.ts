// GET /v1/messages as the parts fetched later use it (older history, the transcript): one JSON
// call over fetch with the visitor's token, failures mapped like every other relay call. Ships
// in those chunks, so the app carries no code it does not run at first.
import type { MessagesPage, MessagesQuery } from '../../protocol/relay-api';
import { errorForStatus, TransportError } from './errors';

export type ListMessages = (token: string, query: MessagesQuery) => Promise<MessagesPage>;

export const LIST_TIMEOUT_MS = 15_000;

export function messageLister(win: Window, relayUrl: string): ListMessages {
  return async (token, query) => {
    const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    let res: Response;
    try {
      res = await win.fetch(`${relayUrl}/v1/messages?${params}`, {
        headers: { Authorization: `Bearer ${token}` },
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new TransportError((error as Error)?.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK');
    }
    if (!res.ok) throw errorForStatus(res.status);
    const page = (await res.json().catch(() => null)) as MessagesPage | null;
    if (!Array.isArray(page?.messages)) throw new TransportError('REJECTED', res.status);
    return page;
  };
}
