// Kit's test request (docs/kit-api.md §5): sent to the Callback URL when the channel is saved, signed
// MD5("{salt}:{token}") with no event id. Kit documents neither its method nor what a failure
// does; the simulator sends a GET (what both reference servers answer) and only records the
// outcome: a failed test request blocks nothing here.
import { signTestRequest } from './callbacks';
import type { SimulatorLog } from './types';

export interface TestRequestOutcome {
  /** ISO time it was sent. */
  at: string;
  url: string;
  /** The HTTP status the integrator answered with, if it answered. */
  status?: number;
  /** Why there was no answer: the error's code or name, never a message. */
  error?: string;
}

export async function sendTestRequest(url: string, salt: string, token: string, timeoutMs: number, log?: SimulatorLog): Promise<TestRequestOutcome> {
  const at = new Date().toISOString();
  try {
    const res = await fetch(url, { method: 'GET', headers: { authorization: signTestRequest(salt, token) }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    log?.info({ status: res.status }, 'test request answered');
    return { at, url, status: res.status };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    const error = cause?.code ?? (err as Error).name ?? 'Error';
    log?.warn({ error }, 'test request got no answer');
    return { at, url, error };
  }
}
