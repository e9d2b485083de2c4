// Doctor's Kit checks (docs/kit-api.md §1-2): the host answers, login works, refresh works. Kit does
// not document its error answers (§2.5), so a refused login names the variable only when Kit's
// answer says which part it refused, and all three otherwise. Kit's own words are never printed.
import type { KitConfig } from '../config';
import { loginRequest, refreshRequest, type KitRequest } from '../kit/auth';
import { fail, networkReason, ok, warn, type CheckResult } from './types';

export interface KitProbeDeps {
  fetch: typeof fetch;
  timeoutMs: number;
}

interface KitAnswer {
  status: number;
  success: boolean;
  result: Record<string, unknown>;
}

const HOST_FIX = "set KIT_API_URL to the \"Custom channel API hostname\" of Kit's API access data (Administration → Security → API tokens), or KIT_REGION to your region";

export async function checkKitHost(kit: KitConfig, deps: KitProbeDeps): Promise<CheckResult> {
  const started = performance.now();
  try {
    const res = await deps.fetch(`${kit.apiUrl}/`, { redirect: 'manual', signal: AbortSignal.timeout(deps.timeoutMs) });
    await res.body?.cancel();
    return ok('kit-host', `${kit.apiUrl} answers (HTTP ${res.status} in ${Math.round(performance.now() - started)} ms)`);
  } catch (err) {
    return fail('kit-host', `${kit.apiUrl} does not answer: ${networkReason(err, deps.timeoutMs)}`, HOST_FIX, ['KIT_API_URL', 'KIT_REGION']);
  }
}

/** Logs in as the relay will; on success also gives the refresh token for the next check. */
export async function checkKitLogin(kit: KitConfig, deps: KitProbeDeps): Promise<{ result: CheckResult; refreshToken?: string }> {
  let answer: KitAnswer;
  try {
    answer = await call(loginRequest(kit), deps);
  } catch (err) {
    return { result: fail('kit-login', `the login request got no answer: ${networkReason(err, deps.timeoutMs)}`, HOST_FIX, ['KIT_API_URL']) };
  }
  const refreshToken = answer.result.refresh_token;
  if (answer.success && typeof answer.result.access_token === 'string' && typeof refreshToken === 'string') {
    return { result: ok('kit-login', 'login with KIT_ACCOUNT, KIT_API_TOKEN and KIT_CHANNEL_UUID works'), refreshToken };
  }
  return { result: diagnoseLogin(answer) };
}

export async function checkKitRefresh(kit: KitConfig, refreshToken: string, deps: KitProbeDeps): Promise<CheckResult> {
  const fix = 'nothing to change here: the relay logs in again when a refresh fails; if it keeps failing, ask Kit support';
  try {
    const answer = await call(refreshRequest(kit, refreshToken), deps);
    if (answer.success && typeof answer.result.access_token === 'string') return ok('kit-refresh', 'the refresh token Kit issued renews the login');
    return warn('kit-refresh', `Kit refused the refresh token it had just issued (HTTP ${answer.status})`, fix);
  } catch (err) {
    return warn('kit-refresh', `the refresh request got no answer: ${networkReason(err, deps.timeoutMs)}`, fix);
  }
}

async function call({ url, headers, body: form }: KitRequest, deps: KitProbeDeps): Promise<KitAnswer> {
  const res = await deps.fetch(url, { method: 'POST', headers, body: form, redirect: 'error', signal: AbortSignal.timeout(deps.timeoutMs) });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const object = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const parsed = object(body);
  return { status: res.status, success: res.ok && parsed.success === true, result: object(parsed.result) };
}

/** Which variable a refused login points at, as far as Kit's answer tells. */
function diagnoseLogin(answer: KitAnswer): CheckResult {
  const { status } = answer;
  const code = typeof answer.result.code === 'number' ? answer.result.code : undefined;
  const said = typeof answer.result.error === 'string' ? answer.result.error : '';
  const http = `HTTP ${status}${code !== undefined && code !== status ? `, Kit code ${code}` : ''}`;
  if (status === 429 || code === 429) return fail('kit-login', `Kit turned the login away for now (${http}: too many requests)`, 'wait a minute and run kit-chat doctor again');
  if (status >= 500) return fail('kit-login', `Kit could not answer the login (${http})`, 'Kit is having trouble: try again later');
  if (/\b(domain|account)\b/i.test(said)) {
    return fail('kit-login', `Kit does not know the account (${http})`, "set KIT_ACCOUNT to the account name of Kit's API access data (Administration → Security → API tokens)", ['KIT_ACCOUNT']);
  }
  if (/\bchannel/i.test(said)) {
    return fail('kit-login', `Kit does not know the channel (${http})`, "set KIT_CHANNEL_UUID to the UUID in the custom channel's settings", ['KIT_CHANNEL_UUID']);
  }
  if (/token/i.test(said)) {
    return fail('kit-login', `Kit refused the API token (${http})`, 'set KIT_API_TOKEN to an active API token of the account (Administration → Security → API tokens), the one picked for the channel', ['KIT_API_TOKEN']);
  }
  return fail('kit-login', `Kit refused the login (${http}) without saying which part is wrong`, 'check KIT_ACCOUNT, KIT_API_TOKEN and KIT_CHANNEL_UUID against Kit', ['KIT_ACCOUNT', 'KIT_API_TOKEN', 'KIT_CHANNEL_UUID']);
}
